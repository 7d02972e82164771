package io.recon.streaming.alerting;

import io.recon.streaming.output.JsonOut;
import io.recon.streaming.state.StateWrite;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
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
 * <p>Each firing key keeps its episode: when it started, its peak (time, score, and the detail of the peak record,
 * opaque bytes from the caller: the top features with their observed and expected values), so that the resolved
 * alert summarizes the episode instead of describing the quiet record that resolved it.
 *
 * <p>Stored value format version 2 (current): {@code int 0x52410002 ("RA", version 2), long lastAnomalyMs, long
 * startedMs, long peakMs, float peakScore, int detailLength, detail bytes}. Version 1: {@code int 0x52410001, long
 * lastAnomalyMs}; version 0 (before state versions): {@code long lastAnomalyMs}. {@link #decodeEpisode} reads all
 * three (an older one as an episode that started and peaked at its last anomaly, peak score unknown). Golden bytes:
 * {@code src/test/resources/golden/state/}.
 */
public final class AlertState {
    public enum Transition { NONE, FIRING, RESOLVED }

    /** The encoded detail of the record just observed, asked for only when it becomes its episode's peak. */
    public interface PeakDetail {
        byte[] get();
    }

    /** One firing key's episode. */
    public static final class Episode implements JsonOut.Episode {
        long lastAnomalyMs;
        int recordsSince;
        long startedMs;
        long peakMs;
        float peakScore;
        byte[] peakDetail;

        Episode(long lastAnomalyMs, long startedMs, long peakMs, float peakScore, byte[] peakDetail) {
            this.lastAnomalyMs = lastAnomalyMs;
            this.startedMs = startedMs;
            this.peakMs = peakMs;
            this.peakScore = peakScore;
            this.peakDetail = peakDetail;
        }

        @Override
        public long startedMs() {
            return startedMs;
        }

        @Override
        public long peakMs() {
            return peakMs;
        }

        /** NaN when the episode was restored from a state version that did not keep it. */
        @Override
        public float peakScore() {
            return peakScore;
        }

        /** Null when unknown (restored from an older state version). */
        public byte[] peakDetail() {
            return peakDetail;
        }
    }

    static final int MAGIC_V1 = 0x52410001;
    static final int MAGIC_V2 = 0x52410002;
    private static final PeakDetail NO_DETAIL = () -> null;

    private final long cooldownMs;
    private final int cooldownRecords;
    private final int minAnomalies;
    /** key of a firing alert -> its episode. */
    private final Map<String, Episode> firing = new HashMap<>();
    private final Map<String, int[]> streak = new HashMap<>();
    /** The episode the last RESOLVED transition closed; the one the last FIRING opened. */
    private Episode last;

    public AlertState(long cooldownMs, int cooldownRecords, int minAnomalies) {
        this.cooldownMs = cooldownMs;
        this.cooldownRecords = cooldownRecords;
        this.minAnomalies = minAnomalies;
    }

    /** Resolving after {@code cooldownMs} without anomalies, at the first normal record after it. */
    public AlertState(long cooldownMs, int minAnomalies) {
        this(cooldownMs, 1, minAnomalies);
    }

    /** Format 1 (kept for the golden test of what older versions wrote). */
    static byte[] encode(long lastAnomalyMs) {
        return ByteBuffer.allocate(12).putInt(MAGIC_V1).putLong(lastAnomalyMs).array();
    }

    /** Format 2, the current one. */
    static byte[] encode(Episode e) {
        byte[] d = e.peakDetail == null ? new byte[0] : e.peakDetail;
        return ByteBuffer.allocate(4 + 8 + 8 + 8 + 4 + 4 + d.length).putInt(MAGIC_V2).putLong(e.lastAnomalyMs)
                .putLong(e.startedMs).putLong(e.peakMs).putFloat(e.peakScore).putInt(d.length).put(d).array();
    }

    /** The last anomaly time of a stored value of any version; MIN_VALUE when unreadable. */
    static long decode(byte[] value) {
        Episode e = decodeEpisode(value);
        return e == null ? Long.MIN_VALUE : e.lastAnomalyMs;
    }

    /** The episode of a stored value of any version; null when unreadable. */
    static Episode decodeEpisode(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (value.length >= 36 && b.getInt(0) == MAGIC_V2) {
            b.position(4);
            long lastMs = b.getLong();
            long started = b.getLong();
            long peak = b.getLong();
            float score = b.getFloat();
            int n = b.getInt();
            if (n < 0 || n != b.remaining()) {
                return null;
            }
            byte[] d = new byte[n];
            b.get(d);
            return new Episode(lastMs, started, peak, score, n == 0 ? null : d);
        }
        long lastMs;
        if (value.length == 12 && b.getInt(0) == MAGIC_V1) {
            lastMs = b.getLong(4);
        } else if (value.length == 8) {
            lastMs = b.getLong(0);
        } else {
            return null;
        }
        return new Episode(lastMs, lastMs, lastMs, Float.NaN, null);
    }

    /** Loads one stored firing key (at start or after a rebalance). */
    public void restore(String key, byte[] value) {
        Episode e = decodeEpisode(value);
        firing.put(key, e != null ? e : new Episode(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Float.NaN, null));
    }

    /** Observes one scored record of {@code key}; changes to store go to {@code writes}. */
    public Transition observe(String key, long timestamp, boolean anomaly, List<StateWrite> writes) {
        return observe(key, timestamp, anomaly, false, Float.NaN, NO_DETAIL, writes);
    }

    /** As below, without a score or detail (episodes then have no peak score). */
    public Transition observe(String key, long timestamp, boolean anomaly, boolean elevated, List<StateWrite> writes) {
        return observe(key, timestamp, anomaly, elevated, Float.NaN, NO_DETAIL, writes);
    }

    /**
     * Observes one scored record of {@code key} with its {@code score}. An {@code elevated} record (unusual, though
     * not enough to fire) keeps an alert that is already firing from resolving, as an anomaly does, but never fires
     * one: hysteresis, so that an incident whose records hover around the firing level is one alert, open while it
     * lasts. {@code detail} is asked for when the record opens an episode or becomes its peak.
     */
    public Transition observe(String key, long timestamp, boolean anomaly, boolean elevated, float score, PeakDetail detail,
            List<StateWrite> writes) {
        if (anomaly || elevated && !firing.isEmpty() && firing.containsKey(key)) {
            Episode e = firing.get(key);
            if (e == null && minAnomalies > 1) {
                int[] s = streak.computeIfAbsent(key, k -> new int[1]);
                if (++s[0] < minAnomalies) {
                    return Transition.NONE;
                }
            }
            if (e == null) {
                streak.remove(key);
                e = new Episode(timestamp, timestamp, timestamp, score, detail.get());
                firing.put(key, e);
                last = e;
                writes.add(new StateWrite(StateWrite.Store.ALERTS, key, encode(e)));
                return Transition.FIRING;
            }
            e.lastAnomalyMs = timestamp;
            e.recordsSince = 0;
            if (score > e.peakScore || Float.isNaN(e.peakScore) && !Float.isNaN(score)) {
                e.peakScore = score;
                e.peakMs = timestamp;
                e.peakDetail = detail.get();
            }
            writes.add(new StateWrite(StateWrite.Store.ALERTS, key, encode(e)));
            return Transition.NONE;
        }
        if (!streak.isEmpty()) {
            streak.remove(key);
        }
        if (firing.isEmpty()) {
            return Transition.NONE;
        }
        Episode e = firing.get(key);
        if (e == null || ++e.recordsSince < cooldownRecords || timestamp - e.lastAnomalyMs < cooldownMs) {
            return Transition.NONE;
        }
        writes.add(new StateWrite(StateWrite.Store.ALERTS, key, null));
        firing.remove(key);
        last = e;
        return Transition.RESOLVED;
    }

    /** The episode the last FIRING transition opened or the last RESOLVED one closed. */
    public Episode lastEpisode() {
        return last;
    }

    public int firingKeys() {
        return firing.size();
    }

    /** Keys with a streak under way (each held as one int until it fires or breaks). */
    int streakKeys() {
        return streak.size();
    }
}
