package io.recon.streaming.input;

import io.recon.streaming.registry.SchemaRegistry;

/**
 * How the avro format reads records: the fields that hold the key and the event time, and the registry its
 * schemas come from.
 *
 * @param keyField the field (dotted for a nested one) whose value keys the record; when the schema has none, the
 *     Kafka record's key
 * @param timestampField the field of the event time (epoch milliseconds, or a {@code timestamp-*} logical type);
 *     when the schema has none, the Kafka record's timestamp
 * @param registry null where no registry is configured (the avro format then cannot be used)
 * @param waitMs how long a lookup waits for an unreachable registry ({@code Long.MAX_VALUE} for a stream)
 */
public record AvroSettings(String keyField, String timestampField, SchemaRegistry registry, long waitMs) {
    public static final String KEY = "key";
    public static final String TIMESTAMP = "timestamp";

    public AvroSettings {
        keyField = keyField == null || keyField.isBlank() ? KEY : keyField.trim();
        timestampField = timestampField == null || timestampField.isBlank() ? TIMESTAMP : timestampField.trim();
        if (waitMs < 0) {
            throw new IllegalArgumentException("waitMs must not be negative");
        }
    }

    public static AvroSettings defaults() {
        return new AvroSettings(KEY, TIMESTAMP, null, 0);
    }
}
