package io.recon.streaming.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
    private static KeyValueStore<String, byte[]> store() {
        KeyValueStore<String, byte[]> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("alerts"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        s.init(new MockProcessorContext<>().getStateStoreContext(), s);
        return s;
    }

    @Test
    void cooldownCountsFromTheLastAnomalyAndSurvivesARestartFromTheStore() {
        KeyValueStore<String, byte[]> store = store();
        AlertTracker a = new AlertTracker(store, 1000, 1);
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 0, false));
        assertEquals(AlertTracker.Transition.FIRING, a.observe("h", 100, true));
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 500, true), "still firing: no new alert");
        assertEquals(AlertTracker.Transition.NONE, a.observe("other", 600, false));
        assertNotNull(store.get("h"));

        // a restart (or rebalance) rebuilds the tracker from the store: the key is still firing, and its
        // cooldown runs from the last anomaly (500), not from the first one
        AlertTracker b = new AlertTracker(store, 1000, 1);
        assertEquals(1, b.firingKeys());
        assertEquals(AlertTracker.Transition.NONE, b.observe("h", 1499, false));
        assertEquals(AlertTracker.Transition.RESOLVED, b.observe("h", 1500, false));
        assertNull(store.get("h"), "a resolved key leaves the store");
        assertEquals(0, b.firingKeys());
        assertEquals(AlertTracker.Transition.FIRING, b.observe("h", 1600, true), "a later anomaly fires again");
    }

    @Test
    void minAnomaliesNeedsAnUnbrokenStreak() {
        AlertTracker a = new AlertTracker(store(), 1000, 3);
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 1, true));
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 2, true));
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 3, false), "the streak breaks");
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 4, true));
        assertEquals(AlertTracker.Transition.NONE, a.observe("h", 5, true));
        assertEquals(AlertTracker.Transition.FIRING, a.observe("h", 6, true));
    }
}
