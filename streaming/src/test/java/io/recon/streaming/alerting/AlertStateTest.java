package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recon.streaming.state.StateWrite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateTest {
    private final List<StateWrite> writes = new ArrayList<>();

    @Test
    void aFiringKeyResolvesAfterBothTheCooldownTimeAndRecords() {
        AlertState a = new AlertState(1000, 3, 1);
        assertEquals(AlertState.Transition.FIRING, a.observe("k", 0, true, writes));
        // a key reporting every 5 minutes: the time passes at once, the records take longer
        assertEquals(AlertState.Transition.NONE, a.observe("k", 300_000, false, writes));
        assertEquals(AlertState.Transition.NONE, a.observe("k", 600_000, false, writes));
        assertEquals(AlertState.Transition.NONE, a.observe("k", 900_000, true, writes), "an anomaly restarts the count");
        assertEquals(AlertState.Transition.NONE, a.observe("k", 1_200_000, false, writes));
        assertEquals(AlertState.Transition.NONE, a.observe("k", 1_500_000, false, writes));
        assertEquals(AlertState.Transition.RESOLVED, a.observe("k", 1_800_000, false, writes));
        assertEquals(AlertState.Transition.FIRING, a.observe("k", 2_100_000, true, writes), "the next incident fires again");
        // a key reporting every 100 ms: the records pass at once, the time takes longer
        AlertState b = new AlertState(1000, 3, 1);
        b.observe("f", 0, true, writes);
        for (long t = 100; t < 1000; t += 100) {
            assertEquals(AlertState.Transition.NONE, b.observe("f", t, false, writes), "at " + t + " ms");
        }
        assertEquals(AlertState.Transition.RESOLVED, b.observe("f", 1000, false, writes));
    }

    @Test
    void elevatedRecordsKeepAnOpenAlertOpenButNeverFireOne() {
        AlertState a = new AlertState(0, 2, 1);
        assertEquals(AlertState.Transition.NONE, a.observe("k", 1, false, true, writes), "elevated alone: no alert");
        assertEquals(AlertState.Transition.FIRING, a.observe("k", 2, true, false, writes));
        for (int t = 3; t < 20; t++) {
            assertEquals(AlertState.Transition.NONE, a.observe("k", t, false, true, writes), "held open at " + t);
        }
        assertEquals(AlertState.Transition.NONE, a.observe("k", 20, false, false, writes));
        assertEquals(AlertState.Transition.RESOLVED, a.observe("k", 21, false, false, writes), "two quiet records");
    }
}
