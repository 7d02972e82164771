package io.recon.streaming.input;

/**
 * One way records are written to Kafka. Every format reads a record's bytes into a {@link SampleSink}: the
 * shipper formats ({@link #perSample()}) as samples of series, which the assembly turns into one vector per
 * entity and step; the others as one whole vector per record. Instances are stateless apart from their
 * settings and may be shared between threads only when {@link #threadSafe()} says so; the stream keeps one per
 * task.
 *
 * <p>{@code recon-json} is read on the scorer's hot path by {@link RecordParser} straight into the inference
 * buffer; its {@link #read} here serves training and retraining from a topic.
 */
public interface InputFormat {
    /** The id given to {@code --input-format}. */
    String id();

    /** True when records carry samples to be assembled per entity; false when each record is one vector. */
    boolean perSample();

    /**
     * Reads one record.
     *
     * @param key the Kafka record key, or null
     * @param timestamp the Kafka record timestamp, for records that carry no time of their own
     * @return null when the record was read (some samples may have been rejected on the way); otherwise why the
     *     whole record is unusable
     */
    Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out);

    default boolean threadSafe() {
        return false;
    }
}
