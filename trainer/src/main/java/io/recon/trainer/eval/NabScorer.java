package io.recon.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring: per series a probationary period (the first
 * min(0.15 N, 750) rows) whose detections are ignored; only the earliest detection inside a labelled
 * window counts, rewarded by a scaled sigmoid of its position (earlier is better); detections outside
 * windows cost the profile's false-positive weight, scaled by their distance after the preceding window;
 * each missed window costs the false-negative weight. One threshold per profile is chosen over the whole
 * corpus, and the score is normalized: 100 (S - S_null) / (S_perfect - S_null).
 */
public final class NabScorer {
    /** A cost profile, as in NAB's profiles.json. */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

    /** One labelled, scored series: detections are rows whose score reaches the threshold. */
    public static final class Series {
        final String name;
        final double[] scores;
        final int probation;
        final int[] window; // window index of each row, -1 outside
        final double[] position; // relative position for the sigmoid: in-window [-1, 0), after a window > 0, NaN before any
        final int windows;

        public Series(String name, long[] timestamps, double[] scores, List<long[]> windowBounds) {
            this.name = name;
            this.scores = scores.clone();
            for (int i = 0; i < this.scores.length; i++) {
                if (Double.isNaN(this.scores[i])) {
                    this.scores[i] = 0; // no verdict counts as no detection
                }
            }
            int n = timestamps.length;
            this.probation = (int) Math.min(Math.floor(0.15 * n), 750);
            this.window = new int[n];
            this.position = new double[n];
            Arrays.fill(window, -1);
            Arrays.fill(position, Double.NaN);
            this.windows = windowBounds.size();
            int prevEnd = -1;
            int prevLen = 0;
            int w = 0;
            int i = 0;
            while (i < n) {
                long[] b = w < windowBounds.size() ? windowBounds.get(w) : null;
                if (b != null && timestamps[i] >= b[0] && timestamps[i] <= b[1]) {
                    int start = i;
                    while (i < n && timestamps[i] <= b[1]) {
                        i++;
                    }
                    int len = i - start;
                    for (int j = start; j < i; j++) {
                        window[j] = w;
                        position[j] = -(double) (i - j) / len;
                    }
                    prevEnd = i - 1;
                    prevLen = len;
                    w++;
                    continue;
                }
                if (b != null && timestamps[i] > b[1]) {
                    w++; // an empty window (no rows)
                    continue;
                }
                if (prevEnd >= 0) {
                    position[i] = (double) (i - prevEnd) / prevLen;
                }
                i++;
            }
        }

        public String name() {
            return name;
        }
    }

    /** Corpus score of one profile at its best threshold. */
    public record Result(String profile, double normalized, double threshold, double raw, double perfect, double nul) {}

    private NabScorer() {}

    static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    /** Raw NAB score of one series at one threshold. */
    static double raw(Series s, double threshold, Profile p) {
        boolean[] detected = new boolean[s.windows];
        double total = 0;
        for (int i = s.probation; i < s.scores.length; i++) {
            if (s.scores[i] < threshold) {
                continue;
            }
            int w = s.window[i];
            if (w >= 0) {
                if (!detected[w]) {
                    detected[w] = true;
                    total += p.tpWeight() * scaledSigmoid(s.position[i]);
                }
            } else {
                total += p.fpWeight() * (Double.isNaN(s.position[i]) ? -1.0 : scaledSigmoid(s.position[i]));
            }
        }
        for (boolean d : detected) {
            if (!d) {
                total -= p.fnWeight();
            }
        }
        return total;
    }

    /** Sweeps thresholds over the corpus's scores and returns the best normalized score for the profile. */
    public static Result score(List<Series> corpus, Profile p) {
        List<Double> all = new ArrayList<>();
        double perfect = 0;
        double nul = 0;
        for (Series s : corpus) {
            for (int i = s.probation; i < s.scores.length; i++) {
                all.add(s.scores[i]);
            }
            perfect += s.windows * p.tpWeight() * scaledSigmoid(-1.0);
            nul -= s.windows * p.fnWeight();
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().distinct().toArray();
        List<Double> candidates = new ArrayList<>();
        int step = Math.max(1, sorted.length / 2000);
        for (int i = 0; i < sorted.length; i += step) {
            candidates.add(sorted[i]);
        }
        if (sorted.length > 0) {
            candidates.add(sorted[sorted.length - 1]);
        }
        candidates.add(Double.POSITIVE_INFINITY); // detect (almost) nothing
        double best = Double.NEGATIVE_INFINITY;
        double bestThreshold = Double.NaN;
        for (double t : candidates) {
            double total = 0;
            for (Series s : corpus) {
                total += raw(s, t, p);
            }
            if (total > best) {
                best = total;
                bestThreshold = t;
            }
        }
        double normalized = perfect == nul ? 0 : 100 * (best - nul) / (perfect - nul);
        return new Result(p.name(), normalized, bestThreshold, best, perfect, nul);
    }
}
