package io.recon.streaming.metrics;

import io.recon.schemas.contract.ScoreReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drift of the live scores from the training-time distribution: the population stability index (PSI)
 * of the last {@value #WINDOW} scores over the ten bins the reference deciles cut, where each bin held
 * 10 % at training time. Below 0.1 is usually read as stable, above 0.25 as a real shift. Scores are
 * recorded without locking (a monitoring statistic tolerates a racing write).
 */
public final class DriftMonitor {
    static final int WINDOW = 4096;

    private final double[] cuts;
    private final float[] recent = new float[WINDOW];
    private final AtomicLong count = new AtomicLong();

    public DriftMonitor(ScoreReference reference) {
        List<Double> d = reference.deciles();
        cuts = d.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public void record(float score) {
        long i = count.getAndIncrement();
        recent[(int) (i % WINDOW)] = score;
    }

    /** Records {@code scores[0, n)} in order, with one atomic update for the whole batch. */
    public void record(float[] scores, int n) {
        long first = count.getAndAdd(n);
        int from = Math.max(0, n - WINDOW);
        for (int i = from; i < n; ) {
            int at = (int) ((first + i) % WINDOW);
            int len = Math.min(n - i, WINDOW - at);
            System.arraycopy(scores, i, recent, at, len);
            i += len;
        }
    }

    /** PSI of the recent scores against the reference; NaN until 100 scores have been seen. */
    public double psi() {
        long n = Math.min(count.get(), WINDOW);
        if (n < 100) {
            return Double.NaN;
        }
        double[] observed = new double[cuts.length + 1];
        for (int i = 0; i < n; i++) {
            float s = recent[i];
            int bin = 0;
            while (bin < cuts.length && s > cuts[bin]) {
                bin++;
            }
            observed[bin]++;
        }
        double psi = 0;
        for (double o : observed) {
            double actual = Math.max(o / n, 1e-4);
            psi += (actual - 0.1) * Math.log(actual / 0.1);
        }
        return psi;
    }
}
