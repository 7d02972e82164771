package io.recon.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentDensityTest {
    @Test
    void distanceIsTheMahalanobisDistanceOfTheTrainingCodes() {
        Random r = new Random(3);
        float[][] train = correlated(r, 20000);
        LatentDensity density = LatentDensity.fit(train, correlated(r, 500), ones(500));
        // sample mean and covariance, inverted by hand (2 x 2)
        double mx = 0;
        double my = 0;
        for (float[] z : train) {
            mx += z[0] / train.length;
            my += z[1] / train.length;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (float[] z : train) {
            sxx += (z[0] - mx) * (z[0] - mx) / train.length;
            sxy += (z[0] - mx) * (z[1] - my) / train.length;
            syy += (z[1] - my) * (z[1] - my) / train.length;
        }
        double ridge = 1e-3 * (sxx + syy) / 2;
        sxx += ridge;
        syy += ridge;
        double det = sxx * syy - sxy * sxy;
        float[][] probes = {{0f, 0f}, {2f, -1f}, {-3f, -3f}, {1f, 5f}};
        float[] d2 = density.distance(probes);
        for (int i = 0; i < probes.length; i++) {
            double dx = probes[i][0] - mx;
            double dy = probes[i][1] - my;
            double expected = (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy) / det;
            assertEquals(expected, d2[i], 1e-4 * Math.max(1, expected), "probe " + i);
        }
        // against the correlation a point along it is nearer than one across it at the same Euclidean length
        float[] along = density.distance(new float[][] {{3f, -0.2f}, {3f, -3.8f}}); // the mean (1, -2) plus (2, +-1.8)
        assertTrue(along[0] < along[1] / 4, along[0] + " vs " + along[1]);
    }

    @Test
    void eachTermCountsAboutOneOnHeldOutNormalRows() {
        Random r = new Random(4);
        float[][] validation = correlated(r, 2001);
        float[] errors = new float[validation.length];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = (float) (0.05 * (1 + r.nextDouble()));
        }
        LatentDensity density = LatentDensity.fit(correlated(r, 5000), validation, errors);
        float[] s = density.score(errors, validation);
        float[] sorted = s.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        assertTrue(median > 1.5 && median < 2.5, "median of the combined score " + median);
        assertEquals(2, density.size());
    }

    private static float[][] correlated(Random r, int n) {
        float[][] z = new float[n][];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            z[i] = new float[] {(float) (1 + a), (float) (-2 + 0.9 * a + 0.3 * r.nextGaussian())};
        }
        return z;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
