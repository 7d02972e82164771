package io.recon.trainer.train;

import io.recon.trainer.export.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Gaussian fitted to the codes of the training rows, and the score that adds the code's
 * Mahalanobis distance to the reconstruction error.
 *
 * <p>An autoencoder with a convolutional decoder reconstructs strokes and edges it never saw almost
 * as well as those it did, so its error alone separates new kinds of input poorly (MNIST one-class:
 * AUROC 0.78 on digit 8). Where its encoder puts an input says more: inputs unlike the training data
 * land away from where the training codes lie. Both terms are divided by their median on the held-out
 * normal rows, so each counts about 1 on normal data and neither scale dominates:
 * {@code score = mse / median(mse) + d2 / median(d2)}, with
 * {@code d2 = |(z - mean) M|^2} and {@code M M^T} the inverse of the (slightly shrunk) covariance.
 */
public final class LatentDensity {
    /** Shrinkage of the covariance toward its mean variance, so that it is always invertible. */
    private static final double SHRINK = 1e-3;

    private final float[] mean;
    private final float[] whitening; // [k * k], row-major, d2 = |(z - mean) M|^2
    private final float reconstructionScale;
    private final float distanceScale;

    private LatentDensity(float[] mean, float[] whitening, float reconstructionScale, float distanceScale) {
        this.mean = mean;
        this.whitening = whitening;
        this.reconstructionScale = reconstructionScale;
        this.distanceScale = distanceScale;
    }

    /**
     * @param trainCodes codes of the training rows (the Gaussian)
     * @param validationCodes codes of the held-out rows (the scales)
     * @param validationErrors reconstruction errors of the held-out rows
     */
    public static LatentDensity fit(float[][] trainCodes, float[][] validationCodes, float[] validationErrors) {
        int k = trainCodes[0].length;
        int n = trainCodes.length;
        double[] mu = new double[k];
        for (float[] z : trainCodes) {
            for (int i = 0; i < k; i++) {
                mu[i] += z[i] / (double) n;
            }
        }
        double[][] cov = new double[k][k];
        for (float[] z : trainCodes) {
            for (int i = 0; i < k; i++) {
                double di = z[i] - mu[i];
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += di * (z[j] - mu[j]) / n;
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += cov[i][i];
        }
        double ridge = SHRINK * Math.max(trace / k, 1e-12);
        for (int i = 0; i < k; i++) {
            cov[i][i] += ridge;
            for (int j = 0; j < i; j++) {
                cov[j][i] = cov[i][j];
            }
        }
        double[][] lower = cholesky(cov);
        // M = (L^-1)^T, so that |(z - mu) M|^2 = (z - mu)^T Sigma^-1 (z - mu)
        double[][] inv = invertLower(lower);
        float[] m = new float[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i * k + j] = (float) inv[j][i];
            }
        }
        float[] mean = new float[k];
        for (int i = 0; i < k; i++) {
            mean[i] = (float) mu[i];
        }
        LatentDensity unscaled = new LatentDensity(mean, m, 1f, 1f);
        return new LatentDensity(mean, m, positiveMedian(validationErrors), positiveMedian(unscaled.distance(validationCodes)));
    }

    /** Squared Mahalanobis distance of each code, computed in float32 as the ONNX graph does. */
    public float[] distance(float[][] codes) {
        int k = mean.length;
        float[] out = new float[codes.length];
        float[] d = new float[k];
        for (int r = 0; r < codes.length; r++) {
            for (int i = 0; i < k; i++) {
                d[i] = codes[r][i] - mean[i];
            }
            float sum = 0;
            for (int j = 0; j < k; j++) {
                float t = 0;
                for (int i = 0; i < k; i++) {
                    t += d[i] * whitening[i * k + j];
                }
                sum += t * t;
            }
            out[r] = sum;
        }
        return out;
    }

    /** The combined score of rows with these reconstruction errors and codes. */
    public float[] score(float[] errors, float[][] codes) {
        float[] d2 = distance(codes);
        float[] out = new float[errors.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = errors[i] * (1f / reconstructionScale) + d2[i] * (1f / distanceScale);
        }
        return out;
    }

    /**
     * Appends the distance and the combined score to a graph.
     *
     * @param code the code, [N, k]
     * @param error the per-record reconstruction error, [N]
     */
    public void toOnnx(OnnxGraph g, String code, String error, String distanceOutput, String scoreOutput) {
        int k = mean.length;
        String centred = g.op("Sub", code, g.floats("latent_mean", mean, k));
        String whitened = g.op("MatMul", centred, g.floats("latent_whitening", whitening, k, k));
        g.opNamed("ReduceSumSquare", List.of(whitened), distanceOutput, Map.of("axes", new long[] {1}, "keepdims", 0));
        String a = g.op("Mul", error, g.floats("error_scale", new float[] {1f / reconstructionScale}, 1));
        String b = g.op("Mul", distanceOutput, g.floats("distance_scale", new float[] {1f / distanceScale}, 1));
        g.opNamed("Add", List.of(a, b), scoreOutput, Map.of());
    }

    public int size() {
        return mean.length;
    }

    private static float positiveMedian(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float median = sorted[sorted.length / 2];
        return median > 0 && Float.isFinite(median) ? median : 1f;
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("latent covariance is not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    private static double[][] invertLower(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            for (int i = c; i < n; i++) {
                double s = i == c ? 1 : 0;
                for (int p = c; p < i; p++) {
                    s -= l[i][p] * inv[p][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        return inv;
    }
}
