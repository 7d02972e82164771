package io.recon.trainer.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Set;

/** Parses the timestamp formats found in CSV files: ISO-8601, "yyyy-MM-dd HH:mm:ss[.SSS]", epoch numbers. */
public final class Timestamps {
    public static final Set<String> COLUMN_NAMES = Set.of("timestamp", "datetime", "time", "date", "ts");

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ofPattern("HH:mm[:ss]"))
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Timestamps() {}

    /**
     * Epoch milliseconds of {@code text}; plain numbers below 1e11 are taken as epoch seconds.
     *
     * @throws IllegalArgumentException when the text is no timestamp Recon knows
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d+(\\.\\d+)?")) {
            double v = Double.parseDouble(t);
            return (long) (Math.abs(v) < 1e11 ? v * 1000 : v);
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (RuntimeException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (RuntimeException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp (expected ISO-8601, "
                    + "yyyy-MM-dd HH:mm:ss or epoch seconds/milliseconds)");
        }
    }

    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
