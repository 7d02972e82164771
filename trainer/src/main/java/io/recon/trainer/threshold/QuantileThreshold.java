package io.recon.trainer.threshold;

import io.recon.schemas.contract.Threshold;
import java.util.Arrays;
import java.util.Map;

/** Threshold at a high quantile of the scores of held-out normal data (linear interpolation). */
public final class QuantileThreshold {
    private QuantileThreshold() {}

    public static Threshold calibrate(float[] normalScores, double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, got " + q);
        }
        if (normalScores.length == 0) {
            throw new IllegalArgumentException("no held-out normal rows to calibrate the threshold on");
        }
        return new Threshold(quantile(normalScores, q), "quantile", Map.of("q", q, "n", (double) normalScores.length));
    }

    public static double quantile(float[] values, double q) {
        double[] sorted = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            sorted[i] = values[i];
        }
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
