package io.recon.trainer.threshold;

import io.recon.schemas.contract.Threshold;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alert thresholds from the scores of held-out normal data, recorded with their parameters.
 *
 * <ul>
 *   <li>{@code quantile}: the q-quantile (linear interpolation);
 *   <li>{@code meanstd}: mean + k x standard deviation;
 *   <li>{@code pot}: peaks over threshold: a generalized Pareto distribution fitted (probability-weighted
 *       moments) to the scores above the {@code tail} quantile, and the score whose fitted exceedance
 *       probability equals the target false-alarm rate {@code far}.
 * </ul>
 */
public final class ThresholdCalibrator {
    /** How to calibrate. */
    public record Method(String name, double q, double k, double far, double tail) {
        public Method {
            switch (name) {
                case "quantile" -> require(q > 0 && q < 1, "--threshold-quantile must be between 0 and 1");
                case "meanstd" -> require(k > 0 && Double.isFinite(k), "--threshold-k must be a positive number");
                case "pot" -> {
                    require(far > 0 && far < 1, "--threshold-far must be between 0 and 1");
                    require(tail > 0.5 && tail < 1, "--pot-tail must be between 0.5 and 1");
                }
                default -> throw new IllegalArgumentException("unknown threshold method '" + name
                        + "', expected quantile, meanstd or pot");
            }
        }

        public static Method quantile(double q) {
            return new Method("quantile", q, 3, 1e-3, 0.95);
        }
    }

    private ThresholdCalibrator() {}

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Least threshold of an error score (a squared reconstruction error in normalized units, or a sum of such
     * terms): a model that reproduces its held-out rows almost exactly (a flat or perfectly periodic signal)
     * would otherwise calibrate a threshold near zero and call round-off anomalous.
     */
    public static final double MIN_ERROR_THRESHOLD = 1e-3;

    /** {@code t} raised to {@link #MIN_ERROR_THRESHOLD} for an error score (the raise is noted in its parameters). */
    public static Threshold floored(Threshold t, boolean errorScore) {
        if (!errorScore || t.value() >= MIN_ERROR_THRESHOLD) {
            return t;
        }
        Map<String, Double> params = new LinkedHashMap<>(t.params());
        params.put("floor", MIN_ERROR_THRESHOLD);
        params.put("calibrated", t.value());
        return new Threshold(MIN_ERROR_THRESHOLD, t.method(), params);
    }

    public static Threshold calibrate(float[] normalScores, Method m) {
        if (normalScores.length == 0) {
            throw new IllegalArgumentException("no held-out normal rows to calibrate the threshold on");
        }
        double[] s = new double[normalScores.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = normalScores[i];
        }
        Arrays.sort(s);
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("n", (double) s.length);
        return switch (m.name()) {
            case "quantile" -> {
                params.put("q", m.q());
                yield new Threshold(quantile(s, m.q()), "quantile", params);
            }
            case "meanstd" -> {
                double mean = Arrays.stream(s).average().orElse(0);
                double var = Arrays.stream(s).map(v -> (v - mean) * (v - mean)).sum() / s.length;
                params.put("k", m.k());
                params.put("mean", mean);
                params.put("std", Math.sqrt(var));
                yield new Threshold(mean + m.k() * Math.sqrt(var), "meanstd", params);
            }
            default -> pot(s, m, params);
        };
    }

    private static Threshold pot(double[] sorted, Method m, Map<String, Double> params) {
        double u = quantile(sorted, m.tail());
        int first = 0;
        while (first < sorted.length && sorted[first] <= u) {
            first++;
        }
        int nu = sorted.length - first;
        params.put("far", m.far());
        params.put("tail", m.tail());
        params.put("u", u);
        if (nu < 10) {
            // too few peaks to fit a tail: fall back to the empirical quantile for the target rate
            params.put("peaks", (double) nu);
            return new Threshold(quantile(sorted, 1 - m.far()), "pot", params);
        }
        double[] y = new double[nu];
        for (int i = 0; i < nu; i++) {
            y[i] = sorted[first + i] - u;
        }
        double[] fit = fitGpd(y);
        double xi = fit[0];
        double sigma = fit[1];
        double ratio = m.far() * sorted.length / nu;
        double z = Math.abs(xi) < 1e-6 ? u - sigma * Math.log(ratio) : u + sigma / xi * (Math.pow(ratio, -xi) - 1);
        params.put("peaks", (double) nu);
        params.put("xi", xi);
        params.put("sigma", sigma);
        return new Threshold(z, "pot", params);
    }

    /** Generalized Pareto (shape xi, scale sigma) by probability-weighted moments (Hosking and Wallis, 1987). */
    static double[] fitGpd(double[] exceedances) {
        double[] y = exceedances.clone();
        Arrays.sort(y);
        int n = y.length;
        double a0 = 0;
        double a1 = 0;
        for (int i = 0; i < n; i++) {
            a0 += y[i];
            a1 += y[i] * (n - 1 - i) / (double) (n - 1);
        }
        a0 /= n;
        a1 /= n;
        double d = a0 - 2 * a1;
        if (d <= 1e-300) {
            return new double[] {0, Math.max(a0, 1e-12)};
        }
        double xi = 2 - a0 / d;
        double sigma = 2 * a0 * a1 / d;
        return new double[] {xi, Math.max(sigma, 1e-12)};
    }

    /** The q-quantile of ascending values, interpolating linearly between neighbours. */
    public static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
