package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.util.List;

/** Receives what an {@link InputFormat} reads from one Kafka record, in the record's order. */
public interface SampleSink {
    /**
     * One numeric sample of a series.
     *
     * @param entity the key its vector is scored under (a host, an instance, a service)
     * @param series the series' identity within the entity: metric name and every label but the entity's
     * @param feature the feature it counts toward: {@code series} itself unless fewer feature labels were chosen
     *     (series with the same feature are summed)
     * @param timeMs event time, epoch milliseconds
     * @param counter true for a cumulative counter, which the assembly turns into a rate per second
     */
    void sample(String entity, String series, String feature, long timeMs, double value, boolean counter);

    /**
     * A whole vector (formats whose records each carry one, as recon-json does).
     *
     * @param key the record's key, or null for the Kafka key
     * @param timeMs event time, or -1 for the Kafka record's timestamp
     */
    void vector(String key, long timeMs, List<String> names, double[] values);

    /** One sample (or line) of the record cannot be used; the rest of the record goes on. */
    void reject(DeadLetterReason reason, String detail);
}
