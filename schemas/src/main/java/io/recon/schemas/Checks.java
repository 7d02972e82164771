package io.recon.schemas;

import java.util.List;

/** Small validation helpers used by the compact constructors of the format records. */
public final class Checks {
    private Checks() {}

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new SchemaException(message);
        }
    }

    public static String nonBlank(String value, String field) {
        require(value != null && !value.isBlank(), field + " must be a non-empty string");
        return value;
    }

    public static double finite(double value, String field) {
        require(Double.isFinite(value), field + " must be a finite number, got " + value);
        return value;
    }

    public static java.time.Instant instant(String value, String field) {
        try {
            return java.time.Instant.parse(value);
        } catch (RuntimeException e) {
            throw new SchemaException(field + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got " + value);
        }
    }

    public static <T> List<T> nonEmptyList(List<T> list, String field) {
        require(list != null && !list.isEmpty(), field + " must be a non-empty list");
        require(list.stream().allMatch(java.util.Objects::nonNull), field + " must not contain nulls");
        return List.copyOf(list);
    }

    public static double[] finiteArray(double[] values, String field) {
        require(values != null, field + " is required");
        for (int i = 0; i < values.length; i++) {
            finite(values[i], field + "[" + i + "]");
        }
        return values.clone();
    }
}
