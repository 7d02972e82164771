package io.recon.streaming.input;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Event times as shippers write them, to epoch milliseconds. Integers come in seconds (Telegraf's JSON by
 * default), milliseconds, microseconds or nanoseconds (line protocol): the unit is told by the size, which is
 * unambiguous for every time between 2001-09-09 and 5138: from 10^9 (seconds) up to 10^11 a value can only be
 * seconds (in milliseconds it would be 1970 to 1973), from 10^14 microseconds, from 10^17 nanoseconds. Values under
 * 10^9 are taken as milliseconds as given: no shipper writes times before 2001, and synthetic clocks (replays,
 * tests counting from 0) keep their meaning. Text is RFC 3339 ({@code 2026-01-01T00:00:15Z}, with an optional
 * fraction and offset), as the Prometheus adapter and Telegraf's {@code json_timestamp_format} write it.
 */
public final class EpochTime {
    /** The units {@link #unit} tells apart, by their index. */
    public static final List<String> UNITS = List.of("s", "ms", "us", "ns");
    public static final int SECONDS = 0;
    public static final int MILLIS = 1;
    private static final int MICROS = 2;
    private static final int NANOS = 3;

    private EpochTime() {}

    /** The unit an integer time of this size is in: an index of {@link #UNITS}. */
    public static int unit(long v) {
        if (v >= 100_000_000_000_000_000L) {
            return NANOS;
        }
        if (v >= 100_000_000_000_000L) {
            return MICROS;
        }
        return v >= 1_000_000_000L && v < 100_000_000_000L ? SECONDS : MILLIS;
    }

    /** As {@link #unit(long)}, for a number with a fraction. */
    public static int unit(double v) {
        return v >= 1e9 && v < 1e11 ? SECONDS : unit((long) v);
    }

    /** Epoch milliseconds of an integer time in s, ms, us or ns; -1 when negative. */
    public static long millis(long v) {
        if (v < 0) {
            return -1;
        }
        return switch (unit(v)) {
            case NANOS -> v / 1_000_000L;
            case MICROS -> v / 1_000L;
            case SECONDS -> v * 1_000L;
            default -> v;
        };
    }

    /** As {@link #millis(long)}, for a number with a fraction (seconds with a fraction: {@code 1700000000.25}). */
    public static long millis(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            return -1;
        }
        if (unit(v) == SECONDS) {
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
