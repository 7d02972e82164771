package io.recon.streaming.input;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entity's features at one time, named: what the assembly makes of samples (and what vector formats read),
 * scored as a record of key {@code key}. Names are unique and sorted.
 *
 * @param timestamp event time, epoch milliseconds
 */
public record FeatureVector(String key, long timestamp, String[] names, double[] values) {
    public FeatureVector {
        if (key == null || names == null || values == null || names.length != values.length) {
            throw new IllegalArgumentException("a vector needs a key and one value per name");
        }
    }

    public int size() {
        return names.length;
    }

    /** The value of a feature, or NaN when the vector has none of that name. */
    public double get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i < 0 ? Double.NaN : values[i];
    }

    /** The vector as an input record ({@code recon-json}), for dead letters and for people. */
    public byte[] toJson() {
        StringBuilder sb = new StringBuilder(32 + names.length * 24);
        sb.append("{\"key\":");
        quote(key, sb);
        sb.append(",\"timestamp\":").append(timestamp).append(",\"fields\":{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(names[i], sb);
            sb.append(':');
            double v = values[i];
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                sb.append((long) v);
            } else {
                sb.append(v);
            }
        }
        return sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal. */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector v && v.key.equals(key) && v.timestamp == timestamp && Arrays.equals(v.names, names)
                && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(timestamp) * 17 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }
}
