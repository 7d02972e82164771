package io.recon.trainer.eval;

import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring, as NAB's own {@code sweeper.py} computes it:
 *
 * <ul>
 *   <li>the first {@code min(floor(0.15 N), 750)} rows of a series are probationary: not scored at all,
 *       and a window counts only if at least one of its rows is past probation;
 *   <li>a detection inside a window earns {@code tpWeight × σ(pos) / σ(-1)}, where {@code pos =
 *       -(right - i + 1) / width} (the window's first row is -1, so the earliest detection earns exactly
 *       {@code tpWeight}) and σ is NAB's scaled sigmoid {@code 2 / (1 + e^(5 pos)) - 1}; a window keeps its
 *       best (earliest) detection; a missed window costs {@code fnWeight};
 *   <li>a detection outside windows costs {@code fpWeight × σ(|prevRight - i| / (prevWidth - 1))} after a
 *       window (σ = -1 beyond 3), or {@code fpWeight} before any window;
 *   <li>a row is a detection when its score is at least the threshold; the threshold sweep tries every
 *       distinct score (and "nothing"), over the whole corpus at once, and keeps the best total;
 *   <li>normalized score {@code 100 (S - S_null) / (S_perfect - S_null)} with {@code S_perfect =
 *       windows × tpWeight} and {@code S_null = -windows × fnWeight} (counted windows).
 * </ul>
 *
 * {@code NabReferenceTest} reproduces NAB's published standard scores of three detectors from their
 * outputs in {@code ../shared/datasets/nab/reference}.
 */
public final class NabScorer {
    /** A cost profile, as in NAB's profiles.json. */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

    /** Corpus score of one profile at its best threshold. */
    public record Result(String profile, double normalized, double threshold, double raw, double perfect, double nul) {}

    private static final double MAX_TP = scaledSigmoid(-1.0);

    /** One labelled, scored series. */
    public static final class Series {
        final String name;
        final double[] scores;
        final int probation;
        /** Per row: window index, or -1 outside windows. */
        final int[] window;
        /** Per row: NAB's unweighted sweep score (in-window: σ(pos)/σ(-1); outside: σ of the distance past the last window, or -1). */
        final double[] unweighted;
        /** Windows with at least one row past probation (NAB scores only those). */
        final boolean[] counted;

        /**
         * @param windowBounds each window's first and last timestamp (rows with exactly these timestamps), in order
         */
        public Series(String name, long[] timestamps, double[] scores, List<long[]> windowBounds) {
            int n = timestamps.length;
            this.name = name;
            this.scores = scores.clone();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(this.scores[i])) {
                    this.scores[i] = Double.NEGATIVE_INFINITY; // no verdict counts as no detection
                }
            }
            this.probation = (int) Math.min(Math.floor(0.15 * n), 0.15 * 5000);
            this.window = new int[n];
            this.unweighted = new double[n];
            this.counted = new boolean[windowBounds.size()];
            Arrays.fill(window, -1);
            int w = 0;
            int right = -1;
            int width = 0;
            int prevRight = -1;
            int prevWidth = 0;
            for (int i = 0; i < n; i++) {
                if (right < 0 && w < windowBounds.size() && timestamps[i] >= windowBounds.get(w)[0]) {
                    right = i;
                    while (right + 1 < n && timestamps[right + 1] <= windowBounds.get(w)[1]) {
                        right++;
                    }
                    width = right - i + 1;
                }
                if (right >= 0) {
                    window[i] = w;
                    unweighted[i] = scaledSigmoid(-(right - i + 1) / (double) width) / MAX_TP;
                    if (i >= probation) {
                        counted[w] = true;
                    }
                    if (i == right) {
                        prevRight = right;
                        prevWidth = width;
                        right = -1;
                        w++;
                    }
                } else if (prevRight < 0) {
                    unweighted[i] = -1.0;
                } else {
                    unweighted[i] = prevWidth > 1 ? scaledSigmoid(Math.abs(prevRight - i) / (double) (prevWidth - 1)) : -1.0;
                }
            }
        }

        private Series(Series labels, double[] scores) {
            this.name = labels.name;
            this.scores = scores.clone();
            for (int i = 0; i < this.scores.length; i++) {
                if (Double.isNaN(this.scores[i])) {
                    this.scores[i] = Double.NEGATIVE_INFINITY;
                }
            }
            this.probation = labels.probation;
            this.window = labels.window;
            this.unweighted = labels.unweighted;
            this.counted = labels.counted;
        }

        /** The same series and labels with other scores (one per row). */
        public Series withScores(double[] scores) {
            if (scores.length != this.scores.length) {
                throw new IllegalArgumentException(name + ": " + scores.length + " scores for " + this.scores.length + " rows");
            }
            return new Series(this, scores);
        }

        /** The scores (a copy; rows without a verdict are -infinity). */
        public double[] scores() {
            return scores.clone();
        }

        public String name() {
            return name;
        }

        int countedWindows() {
            int c = 0;
            for (boolean b : counted) {
                c += b ? 1 : 0;
            }
            return c;
        }
    }

    private NabScorer() {}

    static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    /** Raw NAB score of one series at one threshold (rows scoring at least the threshold are detections). */
    static double raw(Series s, double threshold, Profile p) {
        double[] best = new double[s.counted.length];
        Arrays.fill(best, -p.fnWeight());
        double fp = 0;
        for (int i = s.probation; i < s.scores.length; i++) {
            if (s.scores[i] < threshold) {
                continue;
            }
            int w = s.window[i];
            if (w >= 0) {
                best[w] = Math.max(best[w], p.tpWeight() * s.unweighted[i]);
            } else {
                fp += p.fpWeight() * s.unweighted[i];
            }
        }
        double total = fp;
        for (int w = 0; w < best.length; w++) {
            total += s.counted[w] ? best[w] : 0;
        }
        return total;
    }

    /**
     * Sweeps every distinct score over the corpus (highest first, as NAB does) and returns the best normalized
     * score for the profile, with its threshold (+∞ when detecting nothing is best).
     */
    public static Result score(List<Series> corpus, Profile p) {
        int total = 0;
        int windows = 0;
        for (Series s : corpus) {
            total += Math.max(0, s.scores.length - s.probation);
            windows += s.countedWindows();
        }
        // every scorable row, as (series, row), sorted by score descending
        long[] rows = new long[total];
        int k = 0;
        int[] windowBase = new int[corpus.size()];
        int base = 0;
        for (int si = 0; si < corpus.size(); si++) {
            Series s = corpus.get(si);
            windowBase[si] = base;
            base += s.counted.length;
            for (int i = s.probation; i < s.scores.length; i++) {
                rows[k++] = ((long) si << 32) | i;
            }
        }
        Long[] order = new Long[total];
        for (int i = 0; i < total; i++) {
            order[i] = rows[i];
        }
        Arrays.sort(order, (a, b) -> Double.compare(scoreOf(corpus, b), scoreOf(corpus, a)));
        double[] best = new double[base];
        Arrays.fill(best, -p.fnWeight());
        double nul = -windows * p.fnWeight();
        double perfect = windows * p.tpWeight();
        double current = nul; // nothing detected
        double bestScore = current;
        double bestThreshold = Double.POSITIVE_INFINITY;
        for (int j = 0; j < total; j++) {
            long r = order[j];
            Series s = corpus.get((int) (r >>> 32));
            int i = (int) r;
            double score = s.scores[i];
            if (score == Double.NEGATIVE_INFINITY) {
                break; // rows without a verdict are never detections
            }
            int w = s.window[i];
            if (w < 0) {
                current += p.fpWeight() * s.unweighted[i];
            } else if (s.counted[w]) {
                int g = windowBase[(int) (r >>> 32)] + w;
                double v = Math.max(best[g], p.tpWeight() * s.unweighted[i]);
                current += v - best[g];
                best[g] = v;
            }
            boolean lastOfThisScore = j + 1 == total || scoreOf(corpus, order[j + 1]) != score;
            if (lastOfThisScore && current > bestScore) {
                bestScore = current;
                bestThreshold = score;
            }
        }
        double normalized = perfect == nul ? 0 : 100 * (bestScore - nul) / (perfect - nul);
        return new Result(p.name(), normalized, bestThreshold, bestScore, perfect, nul);
    }

    private static double scoreOf(List<Series> corpus, long r) {
        return corpus.get((int) (r >>> 32)).scores[(int) r];
    }
}
