package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SKAB's changepoint score on small cases worked out by hand from its definition (SKAB core/metrics.py). */
class SkabChangepointsTest {
    private static long[] seconds(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1000L * i;
        }
        return t;
    }

    private static boolean[] at(int n, int... rows) {
        boolean[] b = new boolean[n];
        for (int r : rows) {
            b[r] = true;
        }
        return b;
    }

    /** Rows {@code [from, to)} predicted anomalous. */
    private static boolean[] run(int n, int from, int to) {
        boolean[] b = new boolean[n];
        for (int i = from; i < to; i++) {
            b[i] = true;
        }
        return b;
    }

    @Test
    void aDetectionAtTheChangepointEarnsTheFullRewardAndItsEndCostsAFalsePositive() {
        // one true changepoint at row 100; the alert opens at 100 (in the window: A_tp) and closes at 200, 100 s
        // later, outside the 60 s window (A_fp)
        SkabChangepoints.FileScore f = SkabChangepoints.score(seconds(300), at(300, 100), run(300, 100, 200));
        assertEquals(1, f.changepoints());
        assertEquals(0, f.missed());
        assertEquals(1, f.falsePositives());
        assertEquals(1 - 0.11, f.score()[0], 1e-12);
        Map<String, Object> t = SkabChangepoints.total(List.of(f));
        assertEquals(Math.round(100 * (0.89 + 1) / 2 * 100) / 100.0, t.get("standard")); // (S - null) / (perfect - null)
    }

    @Test
    void lateInTheWindowEarnsLessAndAMissCostsAFalseNegative() {
        // the detection 30 s into the 60 s window: x = -pi/2 + 500 pi / 999, just past the middle
        SkabChangepoints.FileScore half = SkabChangepoints.score(seconds(300), at(300, 100), run(300, 130, 300));
        double x = -Math.PI / 2 + 500 * Math.PI / 999;
        double expected = 1.11 / 2 * -Math.tanh(x) / Math.tanh(Math.PI / 2) + 1.11 / 2 - 0.11;
        assertEquals(expected, half.score()[0], 1e-12);
        assertEquals(0, half.falsePositives(), "the run never ends in the file");
        // nothing predicted: a miss, the null score
        SkabChangepoints.FileScore none = SkabChangepoints.score(seconds(300), at(300, 100), new boolean[300]);
        assertEquals(1, none.missed());
        assertEquals(-1, none.score()[0], 1e-12);
        assertEquals(0.0, SkabChangepoints.total(List.of(none)).get("standard"));
        assertEquals(-2, none.score()[2], 1e-12, "low FN profile");
    }

    @Test
    void overlappingWindowsAreCutOnTheRightAndABoundaryCountsForBoth() {
        // changepoints at 100 and 130: windows [100, 160] and [160, 190] after the cut; a prediction at 160 is the
        // first in both (at the first's end, the second's start)
        SkabChangepoints.FileScore f = SkabChangepoints.score(seconds(300), at(300, 100, 130), run(300, 160, 300));
        assertEquals(0, f.missed());
        assertEquals(0, f.falsePositives());
        double end = 1.11 / 2 * -Math.tanh(Math.PI / 2) / Math.tanh(Math.PI / 2) + 1.11 / 2 - 0.11;
        assertEquals(end + 1, f.score()[0], 1e-12, "A_fp at the first's end, A_tp at the second's start");
    }
}
