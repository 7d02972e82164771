package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A false-positive verdict's scores are accepted by the key's calibration: the same score is no longer rare for it. */
class FeedbackCalibrationTest {
    @Test
    void anAcceptedScoreIsNoLongerRare() {
        TailCalibrator c = TailCalibrator.serving();
        TailCalibrator.State s = new TailCalibrator.State();
        Random r = new Random(3);
        for (int i = 0; i < 300; i++) {
            double ratio = 0.03 * Math.exp(0.3 * r.nextGaussian());
            c.learn(s, ratio, c.judge(s, ratio), false);
        }
        double before = c.judge(s, 5.27);
        c.accept(s, new double[] {5.27});
        double after = c.judge(s, 5.27);
        System.out.println("before " + before + " after " + after);
        assertTrue(before < 1e-5, "rare before: " + before);
        assertTrue(after > 1e-3, "ordinary enough after: " + after);
        assertTrue(c.judge(s, 500) < 1e-5, "far worse is still rare: " + c.judge(s, 500));
    }

    @Test
    void theAcceptedLevelIsStoredAndFormatOneIsStillRead() {
        AlertBudget.Key k = new AlertBudget.Key();
        k.calibration.acceptedLog = 0.72;
        k.calibration.acceptedUntil = 20_300;
        k.calibration.count = 300;
        AlertBudget.Key back = AlertBudget.decode(AlertBudget.encode(k));
        assertTrue(back.calibration.acceptedLog == 0.72 && back.calibration.acceptedUntil == 20_300);
        byte[] v3 = AlertBudget.encode(k); // a key without a daily cycle: format 2's fields and a 0
        byte[] v1 = java.util.Arrays.copyOf(v3, v3.length - 18);
        java.nio.ByteBuffer.wrap(v1).putInt(0, AlertBudget.MAGIC_V1);
        AlertBudget.Key old = AlertBudget.decode(v1);
        assertTrue(old != null && old.calibration.count == 300 && old.calibration.acceptedLog == Double.NEGATIVE_INFINITY,
                "format 1 (before feedback) reads, with nothing accepted");
    }
}
