package io.recon.trainer.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.contract.Threshold;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {
    private static float[] exponential(int n, long seed) {
        Random r = new Random(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) -Math.log(1 - r.nextDouble());
        }
        return s;
    }

    @Test
    void quantileInterpolates() {
        Threshold t = ThresholdCalibrator.calibrate(new float[] {4, 1, 3, 2, 5}, ThresholdCalibrator.Method.quantile(0.5));
        assertEquals(3.0, t.value(), 1e-12);
        assertEquals(0.5, t.params().get("q"));
        assertEquals(5.0, t.params().get("n"));
    }

    @Test
    void meanPlusKStd() {
        Threshold t = ThresholdCalibrator.calibrate(new float[] {1, 3, 1, 3},
                new ThresholdCalibrator.Method("meanstd", 0.9, 2, 1e-3, 0.95));
        assertEquals(4.0, t.value(), 1e-9); // mean 2, std 1
    }

    @Test
    void potRecoversTheTailOfAnExponential() {
        // Exp(1): the exceedances over any threshold are exponential, a GPD with xi = 0, sigma = 1;
        // the score exceeded with probability 1e-4 is ln(1e4) = 9.21; 40,000 samples hold only 4 such scores
        float[] s = exponential(40000, 3);
        Threshold t = ThresholdCalibrator.calibrate(s, new ThresholdCalibrator.Method("pot", 0.9, 3, 1e-4, 0.95));
        assertEquals(0.0, t.params().get("xi"), 0.15);
        assertEquals(1.0, t.params().get("sigma"), 0.2);
        assertEquals(Math.log(1e4), t.value(), 0.6);
        assertTrue(t.params().get("peaks") > 1500);
    }

    @Test
    void gpdFitOfAHeavyTail() {
        // Pareto-type GPD with xi = 0.3, sigma = 2 by inversion
        Random r = new Random(5);
        double[] y = new double[20000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 / 0.3 * (Math.pow(1 - r.nextDouble(), -0.3) - 1);
        }
        double[] fit = ThresholdCalibrator.fitGpd(y);
        assertEquals(0.3, fit[0], 0.05);
        assertEquals(2.0, fit[1], 0.15);
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCalibrator.Method("pot", 0.9, 3, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCalibrator.Method("median", 0.9, 3, 1e-3, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ThresholdCalibrator.calibrate(new float[0],
                ThresholdCalibrator.Method.quantile(0.9)));
    }
}
