package io.recon.streaming.input;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Event times as shippers write them, to epoch milliseconds. Integers come in seconds (Telegraf's JSON by
 * default), milliseconds, microseconds or nanoseconds (line protocol): the unit is told by the size, which is
 * unambiguous for every time between 1973 and 5138. Text is RFC 3339 ({@code 2026-01-01T00:00:15Z}, with an
 * optional fraction and offset), as the Prometheus adapter and Telegraf's {@code json_timestamp_format} write it.
 */
public final class EpochTime {
    private EpochTime() {}

    /** Epoch milliseconds of an integer time in s, ms, us or ns; -1 when negative. */
    public static long millis(long v) {
        if (v < 0) {
            return -1;
        }
        if (v >= 100_000_000_000_000_000L) {
            return v / 1_000_000L; // ns
        }
        if (v >= 100_000_000_000_000L) {
            return v / 1_000L; // us
        }
        if (v >= 100_000_000_000L) {
            return v; // ms
        }
        return v * 1_000L; // s
    }

    /** As {@link #millis(long)}, for a number with a fraction (seconds with a fraction: {@code 1700000000.25}). */
    public static long millis(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            return -1;
        }
        if (v < 100_000_000_000.0) {
            return Math.round(v * 1000.0);
        }
        return millis((long) v);
    }

    /** Epoch milliseconds of RFC 3339 text, or -1 when it is not such a time. */
    public static long parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }
}
