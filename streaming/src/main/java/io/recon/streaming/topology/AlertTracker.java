package io.recon.streaming.topology;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-key alert state with a cooldown, kept in a changelogged store so that it survives restarts
 * and rebalances. The first anomaly of a key (or the {@code minAnomalies}-th in a row) fires an alert; further anomalies keep it firing
 * without new alerts; once the key has had no anomaly for {@code cooldownMs} (record time) a
 * normal record resolves it. The firing keys and their last anomaly times are mirrored in memory
 * (loaded from the store at start), so a normal record costs one hash lookup and reads no store;
 * the store is written only on anomalies of firing keys and on transitions.
 */
final class AlertTracker {
    enum Transition { NONE, FIRING, RESOLVED }

    private final KeyValueStore<String, byte[]> store;
    private final long cooldownMs;
    private final int minAnomalies;
    /** key of a firing alert -> its last anomaly's timestamp (one boxed value per firing key). */
    private final Map<String, long[]> firing = new HashMap<>();
    private final Map<String, Integer> streak = new HashMap<>();

    /**
     * @param minAnomalies consecutive anomalous records a key needs before it fires (debouncing);
     *     partial streaks live in memory only and restart after a rebalance
     */
    AlertTracker(KeyValueStore<String, byte[]> store, long cooldownMs, int minAnomalies) {
        this.store = store;
        this.cooldownMs = cooldownMs;
        this.minAnomalies = minAnomalies;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                long last = kv.value == null || kv.value.length < 8 ? Long.MIN_VALUE : ByteBuffer.wrap(kv.value).getLong();
                firing.put(kv.key, new long[] {last});
            }
        }
    }

    Transition observe(String key, long timestamp, boolean anomaly) {
        if (anomaly) {
            long[] last = firing.get(key);
            if (last == null && minAnomalies > 1 && streak.merge(key, 1, Integer::sum) < minAnomalies) {
                return Transition.NONE;
            }
            store.put(key, ByteBuffer.allocate(8).putLong(timestamp).array());
            if (last == null) {
                streak.remove(key);
                firing.put(key, new long[] {timestamp});
                return Transition.FIRING;
            }
            last[0] = timestamp;
            return Transition.NONE;
        }
        if (!streak.isEmpty()) {
            streak.remove(key);
        }
        if (firing.isEmpty()) {
            return Transition.NONE;
        }
        long[] last = firing.get(key);
        if (last == null || timestamp - last[0] < cooldownMs) {
            return Transition.NONE;
        }
        store.delete(key);
        firing.remove(key);
        return Transition.RESOLVED;
    }

    int firingKeys() {
        return firing.size();
    }
}
