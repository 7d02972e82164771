package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TailCalibratorTest {
    @Test
    void tailProbabilitiesAreNotSmallerThanTheyShouldBe() {
        // heavy-tailed normal scores (log-normal): the share of records below a tail probability p must not
        // exceed p much, or a budget built on it would be overspent
        TailCalibrator c = new TailCalibrator(5000, 100, 1e-3);
        TailCalibrator.State s = new TailCalibrator.State();
        Random r = new Random(5);
        int n = 300_000;
        int[] below = new int[3];
        double[] p = {1e-2, 1e-3, 1e-4};
        for (int i = 0; i < n; i++) {
            double q = c.observe(s, Math.exp(r.nextGaussian()));
            for (int j = 0; j < p.length; j++) {
                below[j] += i >= 1000 && q <= p[j] ? 1 : 0;
            }
        }
        for (int j = 0; j < p.length; j++) {
            double share = below[j] / (double) (n - 1000);
            assertTrue(share <= 1.5 * p[j], "share below " + p[j] + ": " + share);
        }
        assertTrue(below[0] > 0.3 * 0.01 * n, "and not uselessly conservative at 1e-2: " + below[0]);
    }

    @Test
    void aScoreFarAboveTheKeysHistoryIsRareAndTheIncidentStaysOutOfTheBaseline() {
        TailCalibrator c = new TailCalibrator(2000, 100, 1e-3);
        TailCalibrator.State s = new TailCalibrator.State();
        Random r = new Random(9);
        for (int i = 0; i < 3000; i++) {
            c.observe(s, 0.3 * Math.exp(0.3 * r.nextGaussian()));
        }
        double first = c.observe(s, 10);
        assertTrue(first < 1e-4, "30 times the key's usual score is rare: " + first);
        double q = 1;
        for (int i = 0; i < 200; i++) {
            q = c.observe(s, 10);
        }
        assertTrue(q <= 2 * first, "still as rare after 200 records of the incident: " + q + " against " + first);
        assertEquals(1.0, c.observe(new TailCalibrator.State(), 1e6), "nothing is judged while warming up");
    }

    @Test
    void aKeyReproducedAlmostExactlyDoesNotAlarmOnRoundOff() {
        // a clean periodic signal: the model's errors are a thousandth of its threshold and vary by factors of
        // ten; below the noise floor they are all one value, so none of them is rare, while a real error is
        TailCalibrator c = TailCalibrator.serving();
        TailCalibrator.State s = new TailCalibrator.State();
        Random r = new Random(3);
        double least = 1;
        for (int i = 0; i < 5000; i++) {
            double q = c.observe(s, 1e-3 * Math.pow(10, 1.5 * r.nextDouble()));
            least = i >= 200 ? Math.min(least, q) : least;
        }
        assertTrue(least > 0.01, "round-off is never rare: " + least);
        assertTrue(c.observe(s, 5) < 1e-4, "five times the model's threshold is");
    }
}
