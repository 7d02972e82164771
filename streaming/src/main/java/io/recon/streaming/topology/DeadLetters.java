package io.recon.streaming.topology;

import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead letters keep the original key and value bytes (each cut to {@code recon.dlq.max.bytes}, so that no dead
 * letter can outgrow what the producer sends) and carry the context in headers, as Kafka Connect does:
 * {@code recon.dlq.reason}, {@code recon.dlq.detail}, {@code recon.dlq.topic}, {@code recon.dlq.partition},
 * {@code recon.dlq.offset} and, when cut, {@code recon.dlq.original.bytes} (the value's length) and
 * {@code recon.dlq.original.key.bytes}.
 */
final class DeadLetters {
    static final String REASON = "recon.dlq.reason";
    static final String DETAIL = "recon.dlq.detail";
    static final String TOPIC = "recon.dlq.topic";
    static final String PARTITION = "recon.dlq.partition";
    static final String OFFSET = "recon.dlq.offset";
    static final String ORIGINAL_BYTES = "recon.dlq.original.bytes";
    static final String ORIGINAL_KEY_BYTES = "recon.dlq.original.key.bytes";

    private final int maxBytes;
    private final ReconMetrics metrics;

    DeadLetters(int maxBytes, ReconMetrics metrics) {
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    Record<byte[], byte[]> record(byte[] key, byte[] value, DeadLetterReason reason, String detail, long timestamp,
            String topic, int partition, long offset) {
        metrics.deadLetter(reason);
        RecordHeaders h = new RecordHeaders();
        h.add(REASON, bytes(reason.id()));
        h.add(DETAIL, bytes(detail == null ? "" : detail));
        h.add(TOPIC, bytes(topic));
        h.add(PARTITION, bytes(Integer.toString(partition)));
        h.add(OFFSET, bytes(Long.toString(offset)));
        byte[] out = value;
        if (value != null && value.length > maxBytes) {
            out = java.util.Arrays.copyOf(value, maxBytes);
            h.add(ORIGINAL_BYTES, bytes(Integer.toString(value.length)));
        }
        byte[] outKey = key;
        if (key != null && key.length > maxBytes) {
            outKey = java.util.Arrays.copyOf(key, maxBytes);
            h.add(ORIGINAL_KEY_BYTES, bytes(Integer.toString(key.length)));
        }
        return new Record<>(outKey, out, timestamp, h);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
