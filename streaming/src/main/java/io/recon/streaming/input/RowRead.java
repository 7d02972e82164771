package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;

/**
 * What a row reader ({@link RecordParser}, {@link AvroRowReader}, {@link VectorReader}) made of one input record.
 * Usable ({@code error} null): the record's features are in the caller's row. Otherwise a dead letter: {@code error}
 * and {@code detail} say why, and {@code missingFeature} names the first model feature the record lacks (a series that
 * may have stopped: the caller watches it per key). Either way the record's own key and event time, when it has them
 * (null, {@link #NO_TIME}): the caller falls back on the Kafka record's.
 *
 * @param key the record's key member or field, or null
 * @param timeMs the record's event time (epoch ms), or {@link #NO_TIME}
 * @param error why the record cannot be scored, or null
 * @param detail the dead letter's detail (null when usable)
 * @param missingFeature after a {@code missing_field} error, the first model feature the record lacks, else null
 */
public record RowRead(String key, long timeMs, DeadLetterReason error, String detail, String missingFeature) {
    /** The time of a record that has none of its own. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public RowRead {
        if (error == null ? detail != null || missingFeature != null : detail == null) {
            throw new IllegalArgumentException("a usable row has no detail; a rejected one has one: " + error);
        }
    }

    static RowRead usable(String key, long timeMs) {
        return new RowRead(key, timeMs, null, null, null);
    }

    static RowRead rejected(DeadLetterReason error, String detail, String missingFeature, String key, long timeMs) {
        return new RowRead(key, timeMs, error, detail, missingFeature);
    }

    public boolean usable() {
        return error == null;
    }

    public boolean hasTime() {
        return timeMs != NO_TIME;
    }
}
