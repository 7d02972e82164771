package io.recon.streaming.topology;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-key alert state with a cooldown, kept in a changelogged store so that it survives restarts
 * and rebalances. The first anomaly of a key fires an alert; further anomalies keep it firing
 * without new alerts; once the key has had no anomaly for {@code cooldownMs} (record time) a
 * normal record resolves it. The set of firing keys is cached so normal records of quiet keys
 * cost one hash lookup.
 */
final class AlertTracker {
    enum Transition { NONE, FIRING, RESOLVED }

    private final KeyValueStore<String, byte[]> store;
    private final long cooldownMs;
    private final Set<String> firing = new HashSet<>();

    AlertTracker(KeyValueStore<String, byte[]> store, long cooldownMs) {
        this.store = store;
        this.cooldownMs = cooldownMs;
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
            store.put(key, ByteBuffer.allocate(8).putLong(timestamp).array());
            if (!wasFiring) {
                firing.add(key);
                return Transition.FIRING;
            }
            return Transition.NONE;
        }
        if (!firing.contains(key)) {
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
