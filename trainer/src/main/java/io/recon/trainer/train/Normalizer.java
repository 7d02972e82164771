package io.recon.trainer.train;

import io.recon.schemas.contract.Preprocessing;
import java.util.ArrayList;
import java.util.List;

/** Fits the {@link Preprocessing} on training rows and applies it exactly as the ONNX graph does (float32). */
public final class Normalizer {
    private final float[] center;
    private final float[] scale;

    public Normalizer(Preprocessing p) {
        center = p.centerArray();
        scale = p.scaleArray();
    }

    /**
     * @param rows raw inputs, flattened; value i belongs to feature {@code i % width} (windows hold
     *     W records of {@code width} features; {@code global} pools every value)
     */
    public static Preprocessing fit(String method, float[][] rows, int width) {
        List<Double> c = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        switch (method) {
            case "standard" -> {
                double[] sum = new double[width];
                long[] count = new long[width];
                for (float[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        sum[i % width] += r[i];
                        count[i % width]++;
                    }
                }
                double[] sq = new double[width];
                for (float[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        double dev = r[i] - sum[i % width] / count[i % width];
                        sq[i % width] += dev * dev;
                    }
                }
                for (int f = 0; f < width; f++) {
                    double mean = sum[f] / count[f];
                    c.add(mean);
                    s.add(usableScale(Math.sqrt(sq[f] / count[f]), mean));
                }
            }
            case "minmax" -> {
                double[] lo = new double[width];
                double[] hi = new double[width];
                java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
                java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
                for (float[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        lo[i % width] = Math.min(lo[i % width], r[i]);
                        hi[i % width] = Math.max(hi[i % width], r[i]);
                    }
                }
                for (int f = 0; f < width; f++) {
                    c.add(lo[f]);
                    s.add(usableScale(hi[f] - lo[f], lo[f]));
                }
            }
            case "global" -> {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (float[] r : rows) {
                    for (float v : r) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                c.add(lo);
                s.add(usableScale(hi - lo, lo));
            }
            default -> throw new IllegalArgumentException("unknown normalization '" + method + "', expected "
                    + Preprocessing.METHODS);
        }
        return new Preprocessing(method, c, s);
    }

    /** A constant feature gets scale 1 so that it neither divides by zero nor dominates the error. */
    private static double usableScale(double spread, double level) {
        return spread > 1e-6 * Math.max(1.0, Math.abs(level)) ? spread : 1.0;
    }

    /** Normalizes one flattened input in place order; feature index is {@code i % width}. */
    public float[] apply(float[] raw) {
        float[] out = new float[raw.length];
        int k = center.length;
        for (int i = 0; i < raw.length; i++) {
            int f = i % k;
            out[i] = (raw[i] - center[f]) / scale[f];
        }
        return out;
    }

    public float[][] applyAll(float[][] raw) {
        float[][] out = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = apply(raw[i]);
        }
        return out;
    }
}
