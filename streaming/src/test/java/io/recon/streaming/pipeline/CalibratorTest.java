package io.recon.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorTest {
    @Test
    void upperTailMatchesKnownNormalQuantiles() {
        assertEquals(0.5, Calibrator.upperTail(0), 1e-7);
        assertEquals(0.158655, Calibrator.upperTail(1), 1e-6);
        assertEquals(0.02275, Calibrator.upperTail(2), 1e-5);
        assertEquals(1.3499e-3, Calibrator.upperTail(3), 1e-6);
        assertEquals(0.97725, Calibrator.upperTail(-2), 1e-5);
        assertEquals(2.8665e-7, Calibrator.upperTail(5), 2e-9);
        assertTrue(Calibrator.upperTail(12) < Calibrator.upperTail(11), "order kept far in the tail");
    }

    @Test
    void eachKeyIsJudgedAgainstItsOwnHistory() {
        Calibrator c = new Calibrator(Calibrator.Config.defaults());
        Calibrator.State quiet = new Calibrator.State();
        Calibrator.State noisy = new Calibrator.State();
        Random r = new Random(1);
        for (int i = 0; i < 3000; i++) {
            c.observe(quiet, Math.exp(0.2 * r.nextGaussian()));
            c.observe(noisy, 10 * Math.exp(1.0 * r.nextGaussian()));
        }
        // a raw score of 5: far above the quiet key's usual ~1, well within the noisy key's usual ~10
        double qQuiet = 1;
        double qNoisy = 1;
        for (int i = 0; i < 5; i++) {
            qQuiet = c.observe(quiet, 5);
            qNoisy = c.observe(noisy, 5);
        }
        assertTrue(qQuiet < 1e-6, "unusual for the quiet key: " + qQuiet);
        assertTrue(qNoisy > 0.3, "usual for the noisy key: " + qNoisy);
    }

    @Test
    void aboutTheNominalShareOfNormalRecordsFallBelowATailProbability() {
        Calibrator c = new Calibrator(new Calibrator.Config(2000, 1, 100, 1e-3, 1e-6));
        Calibrator.State s = new Calibrator.State();
        Random r = new Random(7);
        int below = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double root = 3 + r.nextGaussian(); // Gaussian on the root scale
            double q = c.observe(s, root * root);
            if (i >= 1000 && q < 0.01) {
                below++;
            }
        }
        double share = below / (double) (n - 1000);
        assertTrue(share > 0.007 && share < 0.013, "Gaussian root scores: ~1 % below q = 0.01, got " + share);
    }

    @Test
    void anIncidentDoesNotBecomeTheBaselineButALastingChangeDoes() {
        Calibrator.Config cfg = Calibrator.Config.defaults();
        Calibrator c = new Calibrator(cfg);
        Calibrator.State s = new Calibrator.State();
        Random r = new Random(3);
        for (int i = 0; i < 3000; i++) {
            c.observe(s, Math.exp(0.2 * r.nextGaussian()));
        }
        double q = 1;
        for (int i = 0; i < 100; i++) {
            q = c.observe(s, 20 * Math.exp(0.2 * r.nextGaussian())); // an incident of 100 records
        }
        assertTrue(q < 1e-6, "still unusual at the end of the incident: " + q);
        for (int i = 0; i < cfg.horizon() * 2; i++) {
            q = c.observe(s, 20 * Math.exp(0.2 * r.nextGaussian())); // it never ends: a new normal
        }
        assertTrue(q > 1e-3, "a lasting change is learned: " + q);
    }

    @Test
    void nothingIsJudgedDuringWarmUp() {
        Calibrator c = new Calibrator(Calibrator.Config.defaults());
        Calibrator.State s = new Calibrator.State();
        for (int i = 0; i < 99; i++) {
            assertEquals(1.0, c.observe(s, i == 50 ? 1e6 : 1));
        }
    }
}
