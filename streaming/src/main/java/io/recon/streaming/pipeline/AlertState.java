package io.recon.streaming.pipeline;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key alert lifecycle with a cooldown. The first anomaly of a key (or the {@code minAnomalies}-th in
 * a row) fires; further anomalies keep it firing without new alerts; once the key has had no anomaly for
 * {@code cooldownMs} (record time) and for {@code cooldownRecords} records in a row, a normal record resolves it
 * (the record count makes one incident one alert for keys that report every few minutes as well as for keys
 * that report every second). Firing keys live in memory and, through
 * {@link StateWrite}s, in a changelogged store, so they survive restarts and rebalances; a normal record
 * of a quiet key costs one hash lookup. Partial streaks are memory only (an int per key while a streak
 * is under way, never more than {@code minAnomalies}).
 *
 * <p>Stored value format version 1 (current): {@code int 0x52410001 ("RA", version 1), long
 * lastAnomalyMs}. Version 0 (before state versions): {@code long lastAnomalyMs}; {@link #decode} reads
 * both. Golden bytes: {@code src/test/resources/golden/state/}.
 */
public final class AlertState {
    public enum Transition { NONE, FIRING, RESOLVED }

    static final int MAGIC_V1 = 0x52410001;

    private final long cooldownMs;
    private final int cooldownRecords;
    private final int minAnomalies;
    /** key of a firing alert -> its last anomaly's timestamp, records since (the count is not stored). */
    private final Map<String, long[]> firing = new HashMap<>();
    private final Map<String, int[]> streak = new HashMap<>();

    public AlertState(long cooldownMs, int cooldownRecords, int minAnomalies) {
        this.cooldownMs = cooldownMs;
        this.cooldownRecords = cooldownRecords;
        this.minAnomalies = minAnomalies;
    }

    /** Resolving after {@code cooldownMs} without anomalies, at the first normal record after it. */
    public AlertState(long cooldownMs, int minAnomalies) {
        this(cooldownMs, 1, minAnomalies);
    }

    static byte[] encode(long lastAnomalyMs) {
        return ByteBuffer.allocate(12).putInt(MAGIC_V1).putLong(lastAnomalyMs).array();
    }

    /** The last anomaly time of a stored value of either version; MIN_VALUE when unreadable. */
    static long decode(byte[] value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (value.length == 12 && b.getInt(0) == MAGIC_V1) {
            return b.getLong(4);
        }
        return value.length == 8 ? b.getLong(0) : Long.MIN_VALUE;
    }

    /** Loads one stored firing key (at start or after a rebalance). */
    public void restore(String key, byte[] value) {
        firing.put(key, new long[] {decode(value), 0});
    }

    /** Observes one scored record of {@code key}; changes to store go to {@code writes}. */
    public Transition observe(String key, long timestamp, boolean anomaly, java.util.List<StateWrite> writes) {
        return observe(key, timestamp, anomaly, false, writes);
    }

    /**
     * Observes one scored record of {@code key}. An {@code elevated} record (unusual, though not enough to fire)
     * keeps an alert that is already firing from resolving, as an anomaly does, but never fires one: hysteresis,
     * so that an incident whose records hover around the firing level is one alert, open while it lasts.
     */
    public Transition observe(String key, long timestamp, boolean anomaly, boolean elevated,
            java.util.List<StateWrite> writes) {
        if (anomaly || elevated && !firing.isEmpty() && firing.containsKey(key)) {
            long[] last = firing.get(key);
            if (last == null && minAnomalies > 1) {
                int[] s = streak.computeIfAbsent(key, k -> new int[1]);
                if (++s[0] < minAnomalies) {
                    return Transition.NONE;
                }
            }
            writes.add(new StateWrite(StateWrite.Store.ALERTS, key, encode(timestamp)));
            if (last == null) {
                streak.remove(key);
                firing.put(key, new long[] {timestamp, 0});
                return Transition.FIRING;
            }
            last[0] = timestamp;
            last[1] = 0;
            return Transition.NONE;
        }
        if (!streak.isEmpty()) {
            streak.remove(key);
        }
        if (firing.isEmpty()) {
            return Transition.NONE;
        }
        long[] last = firing.get(key);
        if (last == null || ++last[1] < cooldownRecords || timestamp - last[0] < cooldownMs) {
            return Transition.NONE;
        }
        writes.add(new StateWrite(StateWrite.Store.ALERTS, key, null));
        firing.remove(key);
        return Transition.RESOLVED;
    }

    public int firingKeys() {
        return firing.size();
    }

    /** Keys with a streak under way (each held as one int until it fires or breaks). */
    int streakKeys() {
        return streak.size();
    }
}
