package io.recon.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {
    private static final NabScorer.Profile STANDARD = new NabScorer.Profile("standard", 1.0, 0.11, 1.0);

    /** 1000 rows, timestamps 0..999, windows [400, 449] and [700, 749]; probation = 150 rows. */
    private static NabScorer.Series series(double[] scores) {
        long[] t = new long[1000];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        return new NabScorer.Series("s", t, scores, List.of(new long[] {400, 449}, new long[] {700, 749}));
    }

    @Test
    void perfectDetectorScores100() {
        double[] s = new double[1000];
        s[400] = 1;
        s[700] = 1;
        NabScorer.Result r = NabScorer.score(List.of(series(s)), STANDARD);
        assertEquals(100.0, r.normalized(), 1e-9);
    }

    @Test
    void nanScoresCountAsNoDetection() {
        double[] s = new double[1000];
        java.util.Arrays.fill(s, Double.NaN);
        s[400] = 1;
        s[700] = 1;
        assertEquals(100.0, NabScorer.score(List.of(series(s)), STANDARD).normalized(), 1e-9);
    }

    @Test
    void nullDetectorScores0() {
        NabScorer.Result r = NabScorer.score(List.of(series(new double[1000])), STANDARD);
        assertEquals(0.0, r.normalized(), 1e-9);
        assertEquals(-2.0, r.nul(), 1e-12);
    }

    @Test
    void handComputedLateDetectionAndFalsePositives() {
        // window 1 detected at its last row (position -1/50), window 2 missed,
        // one false positive before any window (-0.11), one far after window 1 (-0.11), probation hit ignored
        double[] s = new double[1000];
        s[449] = 1;
        s[300] = 1;
        s[600] = 1; // 151 rows after window 1 ends: position 151/50 > 3 -> -1
        s[10] = 1; // in probation
        double tp = (2 / (1 + Math.exp(5 * (-1.0 / 50))) - 1) / (2 / (1 + Math.exp(-5.0)) - 1); // over sigma(-1)
        double expected = tp - 1.0 - 0.11 - 0.11;
        assertEquals(expected, NabScorer.raw(series(s), 0.5, STANDARD), 1e-12);
        double perfect = 2.0; // windows x tpWeight
        NabScorer.Result r = NabScorer.score(List.of(series(s)), STANDARD);
        assertEquals(100 * (expected + 2) / (perfect + 2), r.normalized(), 1e-9);
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCountsAndEarlierIsBetter() {
        double[] early = new double[1000];
        early[400] = 1;
        early[401] = 1;
        double[] late = new double[1000];
        late[440] = 1;
        double e = NabScorer.raw(series(early), 0.5, STANDARD);
        double l = NabScorer.raw(series(late), 0.5, STANDARD);
        assertTrue(e > l);
        assertEquals(1.0 - 1.0, e, 1e-12, "the earliest detection earns exactly tpWeight; window 2 missed");
    }

    @Test
    void aFalsePositiveAfterAWindowIsPlacedInUnitsOfThatWindowsLengthMinusOne() {
        double[] s = new double[1000];
        s[400] = 1;
        s[700] = 1;
        s[498] = 1; // 49 rows after window 1's last row (449); window length 50: position 49 / 49 = 1
        double expected = 2.0 + 0.11 * (2 / (1 + Math.exp(5.0)) - 1);
        assertEquals(expected, NabScorer.raw(series(s), 0.5, STANDARD), 1e-12);
    }

    @Test
    void windowsEntirelyInProbationAreNotScored() {
        long[] t = new long[1000];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        double[] s = new double[1000];
        s[700] = 1;
        NabScorer.Series series = new NabScorer.Series("s", t, s, List.of(new long[] {100, 120}, new long[] {700, 749}));
        NabScorer.Result r = NabScorer.score(List.of(series), STANDARD);
        assertEquals(-1.0, r.nul(), 1e-12, "only the window past probation counts");
        assertEquals(100.0, r.normalized(), 1e-9);
    }

    @Test
    void theSweepTriesEveryDistinctScore() {
        // 5000 distinct low scores outside windows and a window detected at a score just above them: only the
        // exact threshold between them keeps the false positives out
        double[] s = new double[10_000];
        long[] t = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            t[i] = i;
            s[i] = i >= 2000 && i < 7000 ? 0.5 + i * 1e-6 : 0;
        }
        s[8000] = 0.5 + 7000 * 1e-6;
        NabScorer.Series series = new NabScorer.Series("s", t, s, List.of(new long[] {8000, 8099}));
        NabScorer.Result r = NabScorer.score(List.of(series), STANDARD);
        assertEquals(100.0, r.normalized(), 1e-9);
        assertEquals(0.5 + 7000 * 1e-6, r.threshold(), 0);
    }
}
