package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.output.AlertDetail;
import io.recon.streaming.state.GoldenState;
import io.recon.streaming.state.StateWrite;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The changelogged state formats against golden bytes: the current version must write exactly the
 * golden bytes (a format change needs a new version, a new golden file and an upgrade), and every older
 * version must still be read.
 */
class StateFormatTest {
    private static byte[] golden(String name) {
        return GoldenState.read(name);
    }

    @Test
    void alertStateWritesFormatTwoAndReadsFormatsOneAndZero() throws Exception {
        List<StateWrite> writes = new ArrayList<>();
        AlertState a = new AlertState(1000, 1, 1);
        byte[] detail = AlertDetail.encode(List.of(new AlertDetail.Feature("cpu", 81.5f, 38.25f, 0.75f, 21.5f)));
        a.observe("h", 1763900000000L, true, false, 4f, () -> detail, writes);
        a.observe("h", 1763900000100L, true, false, 9.5f, () -> detail, writes);
        a.observe("h", 1763900000123L, true, false, 7f, () -> null, writes);
        assertArrayEquals(golden("alert-v2"), writes.get(2).value(), "the episode as the store keeps it");
        AlertState.Episode e = AlertState.decodeEpisode(golden("alert-v2"));
        assertEquals(1763900000000L, e.startedMs());
        assertEquals(1763900000100L, e.peakMs());
        assertEquals(9.5f, e.peakScore());
        assertEquals("cpu", AlertDetail.decode(e.peakDetail()).get(0).name());
        assertEquals(1763900000123L, AlertState.decode(golden("alert-v2")));
        // what versions 1 and 0 wrote: the last anomaly only, read as an episode of unknown peak
        assertArrayEquals(golden("alert-v1"), AlertState.encode(1763900000123L));
        for (String older : new String[] {"alert-v1", "alert-v0"}) {
            AlertState.Episode o = AlertState.decodeEpisode(golden(older));
            assertEquals(1763900000123L, AlertState.decode(golden(older)));
            assertEquals(1763900000123L, o.startedMs());
            assertTrue(Float.isNaN(o.peakScore()));
            assertNull(o.peakDetail());
        }
    }

    @Test
    void alertsFireAfterAnUnbrokenStreakAndResolveAfterTheCooldownAcrossARestore() {
        List<StateWrite> writes = new ArrayList<>();
        AlertState a = new AlertState(1000, 3);
        assertEquals(AlertState.Transition.NONE, a.observe("h", 1, true, writes));
        assertEquals(AlertState.Transition.NONE, a.observe("h", 2, true, writes));
        assertEquals(AlertState.Transition.NONE, a.observe("h", 3, false, writes), "the streak breaks");
        assertEquals(0, a.streakKeys(), "a broken streak leaves nothing behind");
        for (int t = 4; t < 6; t++) {
            assertEquals(AlertState.Transition.NONE, a.observe("h", t, true, writes));
        }
        assertTrue(writes.isEmpty(), "streaks are not stored");
        assertEquals(AlertState.Transition.FIRING, a.observe("h", 6, true, writes));
        assertEquals(0, a.streakKeys());
        assertEquals(AlertState.Transition.NONE, a.observe("h", 500, true, writes), "still firing: no new alert");
        assertEquals(2, writes.size());

        // a restart (or rebalance) restores the firing key from the store: its cooldown runs from the last anomaly
        AlertState b = new AlertState(1000, 3);
        StateWrite last = writes.get(1);
        b.restore(last.key(), last.value());
        writes.clear();
        assertEquals(AlertState.Transition.NONE, b.observe("h", 1499, false, writes));
        assertEquals(AlertState.Transition.RESOLVED, b.observe("h", 1500, false, writes));
        assertNull(writes.get(0).value(), "a resolved key is deleted from the store");
        assertEquals(0, b.firingKeys());
    }

    /** A key's calibration after 64 records of a fixed sequence (one a minute), as the store receives it. */
    private static byte[] calibration64() {
        AlertBudget b = new AlertBudget(new AlertBudget.Config(1, 2, 5), new TailCalibrator(2000, 100, 1e-3));
        List<StateWrite> writes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            double ratio = 0.05 + 0.01 * (i % 7) + (i == 40 ? 2.5 : 0);
            b.observe("m", b.keysOf("m"), "h", 1763900000000L + 60_000L * i, ratio, ratio > 1, writes);
        }
        assertEquals(1, writes.size(), "written once, at its 64th record");
        assertEquals("m\u0000h", writes.get(0).key());
        return writes.get(0).value();
    }

    /**
     * A key with two features and a daily cycle after 128 records one an hour (five days and a third), as the store
     * receives it at its 128th record: the calibration and the cycle's state.
     */
    private static byte[] calibrationWithCycle() {
        AlertBudget b = new AlertBudget(new AlertBudget.Config(1, 2, 5), new TailCalibrator(2000, 100, 1e-3));
        List<StateWrite> writes = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            double ratio = 0.05 + 0.01 * (i % 7);
            float cycle = (float) Math.sin(2 * Math.PI * (i % 24) / 24.0);
            b.observe("m", b.keysOf("m"), "h", 1763856000000L + 3_600_000L * i, ratio, false, null,
                    new float[] {10 + cycle + 0.01f * (i % 5), 5 - cycle}, 0, 2, writes);
        }
        assertEquals(2, writes.size(), "written at its 64th and 128th records");
        return writes.get(1).value();
    }

    @Test
    void calibrationStateWritesFormatThreeAndReadsFormatsTwoAndOne() throws Exception {
        byte[] current = calibrationWithCycle();
        if (Boolean.getBoolean("recon.golden.write")) { // a new format: write its golden file once, then review it
            System.out.println(HexFormat.of().formatHex(current));
        }
        assertArrayEquals(golden("calibration-v3"), current);
        AlertBudget.Key three = AlertBudget.decode(golden("calibration-v3"));
        assertEquals(128, three.calibration.count);
        assertEquals(2, three.season.features(), "the daily cycle's state is kept");
        assertArrayEquals(current, AlertBudget.encode(three), "read and written again: the same bytes");
        // a cycle's state cut short: the key keeps its calibration and learns its cycle afresh
        AlertBudget.Key cut = AlertBudget.decode(java.util.Arrays.copyOf(current, current.length - 9));
        assertEquals(128, cut.calibration.count);
        assertNull(cut.season);
        // a key that never had features: no cycle, one byte more than format 2
        assertEquals(calibration64().length, golden("calibration-v2").length + 1);

        AlertBudget.Key k = AlertBudget.decode(golden("calibration-v2"));
        assertEquals(64, k.calibration.count);
        assertEquals(60_000, k.gapMs, 1e-9, "one record a minute");
        assertEquals(1763900000000L + 63 * 60_000L, k.lastTime);
        assertEquals(0, k.maintenance);
        // format 1 (before operator feedback and maintenance): the same calibration without their 17 bytes
        AlertBudget.Key v1 = AlertBudget.decode(golden("calibration-v1"));
        assertEquals(k.calibration.count, v1.calibration.count);
        assertArrayEquals(k.calibration.mass, v1.calibration.mass);
        assertEquals(k.calibration.weight, v1.calibration.weight);
        assertEquals(k.gapMs, v1.gapMs);
        assertEquals(k.lastTime, v1.lastTime);
        assertEquals(k.bits, v1.bits);
        assertEquals(0, v1.maintenance);
        assertNull(AlertBudget.decode(new byte[17]), "unreadable bytes: the key starts over");
    }
}
