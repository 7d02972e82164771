package io.recon.streaming.alerting;

import java.util.HashMap;
import java.util.Map;

/**
 * Dropped series: a model feature that stops coming in a key's records while the key's records go on (an agent's
 * plugin died, a sensor was unplugged, a metric was renamed). Such records cannot be scored and become
 * {@code missing_field} dead letters, so no score would ever page; this watch pages instead, by rule rather than by
 * calibration (a feature the model was trained on is never missing in normal operation): once a feature is missing
 * from {@code after} consecutive records of a key, the key fires one dropped-series alert; the key's first complete
 * record resolves it. In memory (a restart sees the drop again after {@code after} records).
 *
 * <p>Not thread-safe: one per scoring step. {@link #present} costs nothing while no key is missing a feature.
 */
public final class DropWatch {
    /** A dropped-series alert to write: firing or resolved, for {@code feature} missing since {@code sinceMs}. */
    public record Alert(boolean firing, String feature, long sinceMs, int records) {}

    private static final class State {
        String feature;
        long sinceMs;
        int run;
        boolean firing;
    }

    private final int after;
    private final Map<String, State> byKey = new HashMap<>();

    /** @param after consecutive records missing a feature before the key fires */
    public DropWatch(int after) {
        if (after < 1) {
            throw new IllegalArgumentException("records before a dropped-series alert must be >= 1, got " + after);
        }
        this.after = after;
    }

    /** A record of {@code key} (model {@code model}) lacks {@code feature}; returns the alert it fires, or null. */
    public Alert missing(String model, String key, String feature, long timeMs) {
        State s = byKey.computeIfAbsent(model + '\u0000' + key, k -> new State());
        if (s.run == 0 || !s.firing && !feature.equals(s.feature)) {
            s.feature = feature;
            s.sinceMs = timeMs;
            s.run = 0;
        }
        s.run++;
        if (!s.firing && s.run >= after) {
            s.firing = true;
            return new Alert(true, s.feature, s.sinceMs, s.run);
        }
        return null;
    }

    /** A complete record of {@code key}: a drop it was counting ends; returns the resolved alert, or null. */
    public Alert present(String model, String key) {
        if (byKey.isEmpty()) {
            return null;
        }
        State s = byKey.remove(model + '\u0000' + key);
        return s != null && s.firing ? new Alert(false, s.feature, s.sinceMs, s.run) : null;
    }

    /** Keys with a drop being counted or firing. */
    public int watching() {
        return byKey.size();
    }
}
