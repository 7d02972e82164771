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

    /**
     * A vector from names in any order (sorted here when they are not already) and their values.
     *
     * @throws IllegalArgumentException when a name repeats
     */
    public static FeatureVector of(String key, long timestamp, java.util.List<String> names, double[] values) {
        String[] n = names.toArray(new String[0]);
        boolean sorted = true;
        for (int i = 1; i < n.length && sorted; i++) {
            sorted = n[i - 1].compareTo(n[i]) < 0;
        }
        if (sorted) {
            return new FeatureVector(key, timestamp, n, values);
        }
        Integer[] order = new Integer[n.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> n[a].compareTo(n[b]));
        String[] sn = new String[n.length];
        double[] sv = new double[n.length];
        for (int i = 0; i < order.length; i++) {
            sn[i] = n[order[i]];
            sv[i] = values[order[i]];
            if (i > 0 && sn[i].equals(sn[i - 1])) {
                throw new IllegalArgumentException("feature " + sn[i] + " appears twice");
            }
        }
        return new FeatureVector(key, timestamp, sn, sv);
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
