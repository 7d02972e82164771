package io.recon.streaming.topology;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-key alert state with a cooldown, kept in a changelogged store so that it survives restarts
 * and rebalances. The first anomaly of a key (or the {@code minAnomalies}-th in a row) fires an alert; further anomalies keep it firing
 * without new alerts; once the key has had no anomaly for {@code cooldownMs} (record time) a
 * normal record resolves it. The set of firing keys is cached so normal records of quiet keys
 * cost one hash lookup.
 */
final class AlertTracker {
    enum Transition { NONE, FIRING, RESOLVED }

    private final KeyValueStore<String, byte[]> store;
    private final long cooldownMs;
    private final int minAnomalies;
    private final Set<String> firing = new HashSet<>();
    private final java.util.Map<String, Integer> streak = new java.util.HashMap<>();

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
                firing.add(kv.key);
            }
        }
    }

    Transition observe(String key, long timestamp, boolean anomaly) {
        if (anomaly) {
            boolean wasFiring = firing.contains(key);
            if (!wasFiring && minAnomalies > 1 && streak.merge(key, 1, Integer::sum) < minAnomalies) {
                return Transition.NONE;
            }
            store.put(key, ByteBuffer.allocate(8).putLong(timestamp).array());
            if (!wasFiring) {
                streak.remove(key);
                firing.add(key);
                return Transition.FIRING;
            }
            return Transition.NONE;
        }
        if (!firing.contains(key)) {
            if (!streak.isEmpty()) {
                streak.remove(key);
            }
            return Transition.NONE;
        }
        byte[] state = store.get(key);
        long lastAnomaly = state == null ? Long.MIN_VALUE : ByteBuffer.wrap(state).getLong();
        if (timestamp - lastAnomaly >= cooldownMs) {
            store.delete(key);
            firing.remove(key);
            return Transition.RESOLVED;
        }
        return Transition.NONE;
    }

    int firingKeys() {
        return firing.size();
    }
}
