package io.recon.streaming.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A classic Prometheus histogram of per-record values ({@code recon_score}, {@code recon_tail_probability}), recorded a whole micro-batch
 * at a time (bucket counts gathered in a plain array, then one atomic add per non-empty bucket), so the
 * hot path pays a bucket search per score and no atomic operation. Exposed through the Prometheus
 * registry as {@code NAME_bucket{le}}, {@code NAME_count} and {@code NAME_sum}.
 */
final class ScoreHistogram implements Collector {
    static final String NAME = "recon_score";

    private final String name;
    private final String help;
    private final double[] bounds;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** {@code recon_score}, the anomaly scores. */
    public ScoreHistogram(double[] bounds) {
        this(NAME, "Anomaly scores", bounds);
    }

    /** @param bounds finite upper bounds, strictly increasing; a +Inf bucket is added */
    public ScoreHistogram(String name, String help, double[] bounds) {
        this.name = name;
        this.help = help;
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must increase strictly");
            }
        }
        this.bounds = Arrays.copyOf(bounds, bounds.length + 1);
        this.bounds[bounds.length] = Double.POSITIVE_INFINITY;
        this.counts = new AtomicLongArray(this.bounds.length);
    }

    /** Records {@code scores[0, n)}; {@code scratch} is the caller's array of {@link #buckets()} longs. */
    public void record(float[] scores, int n, long[] scratch) {
        Arrays.fill(scratch, 0);
        double s = 0;
        for (int i = 0; i < n; i++) {
            float v = scores[i];
            scratch[bucket(v)]++;
            s += v;
        }
        for (int b = 0; b < scratch.length; b++) {
            if (scratch[b] != 0) {
                counts.addAndGet(b, scratch[b]);
            }
        }
        sum.add(s);
    }

    /**
     * Index of the first bucket whose upper bound is at least {@code v} (NaN counts in +Inf). A binary search
     * whose steps only choose which half to keep (a conditional move, not a branch): scores are random, so a
     * branching search mispredicts about every other step.
     */
    int bucket(double v) {
        if (v != v) {
            return bounds.length - 1;
        }
        int base = 0;
        int n = bounds.length;
        while (n > 1) {
            int half = n >>> 1;
            base = bounds[base + half - 1] < v ? base + half : base;
            n -= half;
        }
        return base;
    }

    /** Number of buckets, +Inf included. */
    public int buckets() {
        return bounds.length;
    }

    @Override
    public MetricSnapshot collect() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
        }
        return HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, c)).sum(sum.sum()).build())
                .build();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }
}
