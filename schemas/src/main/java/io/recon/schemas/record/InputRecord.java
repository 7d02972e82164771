package io.recon.schemas.record;

import io.recon.schemas.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One observation produced to the input topic. Exactly one of {@code fields} (named values) and
 * {@code values} (values in the model's feature order) is present.
 *
 * @param key the entity (host, device, user); may be null, then the Kafka record key is used
 * @param timestamp epoch milliseconds
 */
public record InputRecord(String key, long timestamp, Map<String, Double> fields, double[] values) {
    public InputRecord {
        Checks.require(timestamp >= 0, "timestamp must be epoch milliseconds >= 0, got " + timestamp);
        Checks.require((fields == null) != (values == null), "exactly one of fields and values is required");
        if (fields != null) {
            Checks.require(!fields.isEmpty(), "fields must not be empty");
            Map<String, Double> copy = new LinkedHashMap<>();
            fields.forEach((name, v) -> {
                Checks.require(name != null && !name.isEmpty(), "field names must be non-empty");
                Checks.require(v != null, "fields." + name + " must be a number, got null");
                Checks.finite(v, "fields." + name);
                copy.put(name, v);
            });
            fields = Collections.unmodifiableMap(copy);
        } else {
            Checks.require(values.length > 0, "values must not be empty");
            values = Checks.finiteArray(values, "values");
        }
    }

    public static InputRecord ofFields(String key, long timestamp, Map<String, Double> fields) {
        return new InputRecord(key, timestamp, fields, null);
    }

    public static InputRecord ofValues(String key, long timestamp, double[] values) {
        return new InputRecord(key, timestamp, null, values);
    }

    @Override
    public double[] values() {
        return values == null ? null : values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputRecord r && timestamp == r.timestamp && java.util.Objects.equals(key, r.key)
                && java.util.Objects.equals(fields, r.fields) && java.util.Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, timestamp, fields, java.util.Arrays.hashCode(values));
    }
}
