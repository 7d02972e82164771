package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.util.List;
import java.util.Set;

/**
 * What the two OTLP encodings share (opentelemetry-proto, metrics/v1/metrics.proto): an
 * {@code ExportMetricsServiceRequest} per record (the Collector's kafka exporter, topic {@code otlp_metrics}),
 * resource metrics, scope metrics, metrics, data points. The entity is taken from resource attributes
 * ({@code service.name} and {@code host.name} by default, then the data point's attributes); a series is the
 * metric's name and its data point's attributes. Gauges and non-monotonic sums are values; monotonic cumulative
 * sums are counters (turned into rates); monotonic delta sums are already increments, read as their rate over
 * the point's interval ({@code rate(...)}). Points flagged "no recorded value" are skipped; histograms,
 * exponential histograms and summaries are not read (a record with nothing else is {@code no_samples}).
 */
abstract class OtlpFormat extends SampleFormat {
    static final int DELTA = 1;
    static final int CUMULATIVE = 2;
    private static final int FLAG_NO_RECORDED_VALUE = 1;

    protected final SeriesNames.Labels resource = new SeriesNames.Labels();
    protected final SeriesNames.Labels point = new SeriesNames.Labels();
    private final boolean rates;
    protected int points;
    protected int unsupported;

    OtlpFormat(InputSettings settings) {
        super(settings, List.of("service.name", "host.name"), Set.of());
        this.rates = settings.rates();
    }

    /** Resets the per-record counts. */
    protected void begin() {
        points = 0;
        unsupported = 0;
    }

    /** What a record with no readable point is rejected for, or null when it had some. */
    protected Rejection end() {
        if (points > 0) {
            return null;
        }
        return Rejection.of(DeadLetterReason.NO_SAMPLES, unsupported > 0 ? unsupported + " metrics, all histograms or "
                + "summaries, which Recon does not read" : "the request holds no data point");
    }

    /**
     * One number data point (its attributes in {@link #point}, the resource's in {@link #resource}).
     *
     * @param sum true for a Sum, false for a Gauge
     */
    protected void number(SampleSink out, byte[] key, String metric, boolean sum, boolean monotonic, int temporality,
            long startNanos, long timeNanos, double value, int flags) {
        points++;
        if ((flags & FLAG_NO_RECORDED_VALUE) != 0) {
            return;
        }
        if (timeNanos <= 0) {
            out.reject(DeadLetterReason.BAD_TIMESTAMP, SeriesNames.metric(metric) + " has no time_unix_nano");
            return;
        }
        long ms = timeNanos / 1_000_000L;
        if (sum && monotonic && temporality == DELTA && rates) {
            if (startNanos <= 0 || timeNanos <= startNanos) {
                out.reject(DeadLetterReason.BAD_TIMESTAMP, "delta sum " + SeriesNames.metric(metric)
                        + " has no interval (start_time_unix_nano)");
                return;
            }
            emitRate(out, resource, point, key, metric, ms, value / ((timeNanos - startNanos) / 1e9));
            return;
        }
        emit(out, resource, point, key, metric, ms, value, sum && monotonic && temporality == CUMULATIVE);
    }
}
