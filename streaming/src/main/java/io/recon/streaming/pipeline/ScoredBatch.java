package io.recon.streaming.pipeline;

import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.state.StateWrite;
import java.util.Arrays;
import java.util.List;

/**
 * The immutable result of one micro-batch, record by record in input order. Each input record is
 * exactly one of: {@link Kind#SCORED} (a scored record, perhaps with an alert), {@link Kind#DEAD} (a dead
 * letter with a reason) or {@link Kind#WARMING} (taken into its key's window, nothing to send yet). The
 * state writes must be stored when the batch is emitted.
 */
public final class ScoredBatch<A> {
    public enum Kind { SCORED, DEAD, WARMING }

    private final Batch<A> in;
    private final byte[][] outKeys;
    private final byte[][] scored;
    private final byte[][] alerts;
    private final byte[][] seriesAlerts;
    private final DeadLetterReason[] reasons;
    private final String[] details;
    private final List<StateWrite> writes;

    ScoredBatch(Batch<A> in, byte[][] outKeys, byte[][] scored, byte[][] alerts, byte[][] seriesAlerts,
            DeadLetterReason[] reasons, String[] details, List<StateWrite> writes) {
        this.in = in;
        this.outKeys = outKeys;
        this.scored = scored;
        this.alerts = alerts;
        this.seriesAlerts = seriesAlerts;
        this.reasons = reasons;
        this.details = details;
        this.writes = List.copyOf(writes);
    }

    /** Every record of {@code in} dead-lettered: the batch could not be scored at all. */
    static <A> ScoredBatch<A> failed(Batch<A> in, Throwable cause) {
        DeadLetterReason[] reasons = new DeadLetterReason[in.n];
        String[] details = new String[in.n];
        Arrays.fill(reasons, DeadLetterReason.SCORING_FAILED);
        Arrays.fill(details, String.valueOf(cause.getMessage()));
        return new ScoredBatch<>(in, new byte[in.n][], new byte[in.n][], new byte[in.n][], new byte[in.n][], reasons, details,
                List.of());
    }

    public int size() {
        return in.n;
    }

    public Kind kind(int i) {
        return reasons[i] != null ? Kind.DEAD : scored[i] != null ? Kind.SCORED : Kind.WARMING;
    }

    /** The scored record's key: the input's Kafka key, or the record's own key when the input had none. */
    public byte[] outKey(int i) {
        return outKeys[i];
    }

    /** The scored record (JSON), or null. */
    public byte[] scored(int i) {
        return scored[i];
    }

    /** The alert this record fired or resolved (JSON), or null. */
    public byte[] alert(int i) {
        return alerts[i];
    }

    /**
     * A dropped-series alert (JSON, alert format 3) this record fired (a record lacking a model feature, itself a
     * dead letter) or resolved (a complete record of the key), or null; goes to the alerts topic whatever the kind.
     */
    public byte[] seriesAlert(int i) {
        return seriesAlerts[i];
    }

    public DeadLetterReason reason(int i) {
        return reasons[i];
    }

    public String detail(int i) {
        return details[i];
    }

    /** The input record as it came: Kafka key, value, timestamp, origin and the caller's attachment. */
    public byte[] inputKey(int i) {
        return in.keys[i];
    }

    /** The input value: the record's bytes, or an assembled vector as an input record (JSON). */
    public byte[] inputValue(int i) {
        return in.values[i] != null ? in.values[i] : in.vectors[i] != null ? in.vectors[i].toJson() : null;
    }

    public long timestamp(int i) {
        return in.timestamps[i];
    }

    public String topic(int i) {
        return in.topics[i];
    }

    public int partition(int i) {
        return in.partitions[i];
    }

    public long offset(int i) {
        return in.offsets[i];
    }

    @SuppressWarnings("unchecked") // only the caller's A is ever stored there (Batch.add)
    public A attachment(int i) {
        return (A) in.headers[i];
    }

    public List<StateWrite> stateWrites() {
        return writes;
    }
}
