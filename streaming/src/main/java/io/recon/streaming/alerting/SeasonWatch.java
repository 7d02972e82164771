package io.recon.streaming.alerting;

/**
 * A key's daily cycle: how far a record's features lie from what the same hour of the day looked like on the key's
 * previous days. A model that sees a window of recent records cannot know that 3 a.m. is usually quiet; a cycle that
 * runs hours late, or a busy hour at night, keeps every metric in its normal range and their correlations intact.
 *
 * <p>Per hour of the day (UTC, {@value #BINS} bins) and feature, the mean of past days, each day's mean folded in
 * when the day is over (a day's weight {@code 1 / min(days, }{@value #MEMORY_DAYS}{@code )}: about a week of memory).
 * The current day is accumulated apart and never judged against itself, so a shift that lasts hours does not become
 * its own baseline while it lasts. A record's statistic is the Mahalanobis distance of its deviations from its hour's
 * means, per feature: {@code d' C^-1 d / features}, with C the covariance of those deviations over the key's recent
 * records ({@value #MEMORY_RECORDS} of memory; its variances alone beyond {@value #FULL} features). The covariance
 * matters: what moves a key's metrics together from day to day (its load) is in C and is discounted; a cycle out of
 * its hours moves them in another direction (on {@code bench alerts}, a diagonal C found 0 to 2 of 5 seasonal shifts
 * per seed, the full one 3 to 5). NaN until the hour has {@value #MIN_DAYS} past days and the key
 * {@value #MIN_JUDGED} deviations, and NaN for a key whose daily cycle explains less of its variation than the rest
 * does ({@link #between}). {@link AlertBudget} calibrates the statistic per key, as scores are, and spends a share of
 * the budget on it.
 *
 * <p>Memory per key: {@code 24 × features × 16} bytes for the means and the day's sums, plus the covariance and its
 * factor ({@code 2 × features^2 × 8} bytes up to {@value #FULL} features). Stored with the key's calibration
 * ({@link AlertBudget} format 3, {@link #write}): a restart keeps the days it took to learn.
 */
final class SeasonWatch {
    static final int BINS = 24;
    /**
     * Keys of models with more features have no watch: a daily cycle of hundreds of inputs (an image's pixels) means
     * little, and its state (24 × features × 16 bytes) would outgrow what a changelog record should carry.
     */
    static final int MAX_FEATURES = 64;
    static final int MIN_DAYS = 3;
    static final int MEMORY_DAYS = 7;
    private static final long HOUR = 3_600_000L;

    private final int features;
    /** Past days' means per bin and feature ({@code bin * features + f}). */
    private final double[] mean;
    /** Past days folded into each bin's profile. */
    private final int[] days;
    /** The current day's sums per bin and feature, their record count and the day they belong to. */
    private final double[] sum;
    private final int[] n;
    private final long[] dayOf;

    /** Beyond this many features the deviations' variances alone (a full covariance costs features^2 a record). */
    static final int FULL = 16;
    /** Records of deviations before the statistic speaks, and the covariance's memory in records. */
    static final int MIN_JUDGED = 500;
    static final int MEMORY_RECORDS = 10_000;
    private static final int REFRESH = 256;
    /** The deviations' covariance (lower triangle, or the diagonal beyond {@link #FULL} features), and its factor. */
    private final double[] cov;
    private final double[] inverse;
    private final double[] deviation;
    private final double[] solved;
    /** 1 / the factor's diagonal. */
    private final double[] reciprocal;
    /** The hour the last record fell in: its start (ms), bin and day. */
    private long hourStart = Long.MIN_VALUE;
    private int hourBin;
    private long hourDay;
    private long judged;
    private long learned;
    private int sinceLearn;
    static final int LEARN_EVERY = 8;
    private int sinceInverse = REFRESH;
    /** Whether the key's daily cycle explains at least as much of its variation as the rest ({@link #between}). */
    private boolean cyclic;
    /** Per feature, whether it has moved at all (its hourly means or its deviations vary), as of the last factoring. */
    private final boolean[] moving;

    SeasonWatch(int features) {
        this.features = features;
        int cells = features > FULL ? features : features * features;
        cov = new double[cells];
        inverse = new double[cells];
        deviation = new double[features];
        solved = new double[features];
        reciprocal = new double[features];
        moving = new boolean[features];
        java.util.Arrays.fill(moving, true);
        mean = new double[BINS * features];
        sum = new double[BINS * features];
        days = new int[BINS];
        n = new int[BINS];
        dayOf = new long[BINS];
        java.util.Arrays.fill(dayOf, Long.MIN_VALUE);
    }

    int features() {
        return features;
    }

    /**
     * Judges the record at {@code time} ({@code values[from .. from + features)}) against its hour's past days, then
     * adds it to the current day: the record's statistic, or NaN while the hour has too few past days.
     */
    double observe(long time, float[] values, int from) {
        if (time < hourStart || time >= hourStart + HOUR) { // a key's records mostly come in order: two divisions an hour
            long hour = Math.floorDiv(time, HOUR);
            hourStart = hour * HOUR;
            hourBin = (int) Math.floorMod(hour, (long) BINS);
            hourDay = Math.floorDiv(hour, (long) BINS);
        }
        int bin = hourBin;
        long day = hourDay;
        if (dayOf[bin] != day) {
            if (day < dayOf[bin]) {
                return Double.NaN; // a late record of a day already folded: neither judged nor learnt
            }
            fold(bin);
            dayOf[bin] = day;
        }
        int at = bin * features;
        double s = Double.NaN;
        if (days[bin] >= MIN_DAYS) {
            double[] d = deviation;
            for (int f = 0; f < features; f++) {
                d[f] = moving[f] ? values[from + f] - mean[at + f] : 0;
            }
            if (judged >= MIN_JUDGED) {
                if (sinceInverse >= REFRESH) {
                    invert();
                }
                sinceInverse++;
                s = cyclic ? distance(d) / features : Double.NaN;
            }
            judged++;
            if (++sinceLearn >= LEARN_EVERY) {
                sinceLearn = 0;
                learn(d);
            }
        }
        for (int f = 0; f < features; f++) {
            sum[at + f] += values[from + f];
        }
        n[bin]++;
        return s;
    }

    /**
     * {@code d' C^-1 d} for the deviations' covariance C (its Cholesky factor, refreshed every {@value #REFRESH}
     * records), or the sum of {@code d_f^2 / C_ff} with more than {@value #FULL} features.
     */
    private double distance(double[] d) {
        int k = features;
        if (k > FULL) {
            double t = 0;
            for (int f = 0; f < k; f++) {
                t += d[f] * d[f] * inverse[f];
            }
            return t;
        }
        double t = 0; // forward substitution L y = d, then |y|^2
        for (int i = 0; i < k; i++) {
            double y = d[i];
            for (int j = 0; j < i; j++) {
                y -= inverse[i * k + j] * solved[j];
            }
            y *= reciprocal[i];
            solved[i] = y;
            t += y * y;
        }
        return t;
    }

    /**
     * Adds one record's deviations to their covariance, every {@value #LEARN_EVERY}th record (consecutive deviations
     * are much alike, and the update costs features^2): about {@value #MEMORY_RECORDS} records of memory.
     */
    private void learn(double[] d) {
        learned++;
        double w = 1.0 / Math.min(learned, MEMORY_RECORDS / LEARN_EVERY);
        int k = features;
        if (k > FULL) {
            for (int f = 0; f < k; f++) {
                cov[f] += w * (d[f] * d[f] - cov[f]);
            }
            return;
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i * k + j] += w * (d[i] * d[j] - cov[i * k + j]);
            }
        }
    }

    /**
     * The Cholesky factor of the covariance with a ridge of a thousandth of its mean variance, or the inverse variances
     * with more than {@value #FULL} features.
     */
    private void invert() {
        sinceInverse = 0;
        int k = features;
        double trace = 0;
        for (int f = 0; f < k; f++) {
            trace += cov[k > FULL ? f : f * k + f];
        }
        cyclic = trace > 0 && between() >= trace;
        double ridge = Math.max(1e-3 * trace / k, 1e-12);
        if (k > FULL) {
            for (int f = 0; f < k; f++) {
                inverse[f] = 1.0 / (cov[f] + ridge);
            }
            return;
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double v = cov[i * k + j] + (i == j ? ridge : 0);
                for (int m = 0; m < j; m++) {
                    v -= inverse[i * k + m] * inverse[j * k + m];
                }
                inverse[i * k + j] = i == j ? Math.sqrt(Math.max(v, ridge)) : v * reciprocal[j];
            }
            reciprocal[i] = 1.0 / inverse[i * k + i];
        }
    }

    /**
     * The variance of the hours' means over the hours with {@value #MIN_DAYS} past days, summed over the features: what
     * the daily cycle explains. A key is judged by its cycle only where this is at least the deviations' (the rest of
     * its variation, summed the same way): a key without a marked cycle would otherwise be judged against hourly means
     * that are mostly noise and the drift of its level.
     */
    private double between() {
        double total = 0;
        for (int f = 0; f < features; f++) {
            double m = 0;
            double m2 = 0;
            int bins = 0;
            for (int b = 0; b < BINS; b++) {
                if (days[b] >= MIN_DAYS) {
                    double x = mean[b * features + f];
                    m += x;
                    m2 += x * x;
                    bins++;
                }
            }
            double v = bins > 1 ? Math.max(0, m2 / bins - (m / bins) * (m / bins)) : 0;
            // a feature that has not moved at all (an error count at 0, a flag) says nothing of the cycle: its first
            // move would otherwise be measured against the ridge alone
            moving[f] = v > 0 || cov[features > FULL ? f : f * features + f] > 0;
            total += v;
        }
        return total;
    }

    /** Folds the bin's accumulated day, if any, into its profile. */
    private void fold(int bin) {
        if (n[bin] == 0) {
            return;
        }
        int at = bin * features;
        double w = 1.0 / Math.min(days[bin] + 1, MEMORY_DAYS);
        for (int f = 0; f < features; f++) {
            mean[at + f] += w * (sum[at + f] / n[bin] - mean[at + f]);
            sum[at + f] = 0;
        }
        n[bin] = 0;
        days[bin]++;
    }

    /** Bytes {@link #write} takes for a watch of {@code features}. */
    static int size(int features) {
        int cells = features > FULL ? features : features * features;
        return 4 + 8 + 8 + BINS * (4 + 4 + 8) + 2 * BINS * features * 8 + cells * 8;
    }

    /**
     * The watch as the calibration store keeps it: int features, long judged, long learned, per bin int days, int
     * records of the current day, long that day; the past days' means and the current day's sums ({@code bin ×
     * features + f}, doubles), the deviations' covariance (lower triangle as a square, or the diagonal beyond
     * {@value #FULL} features). The factor is recomputed at the next record.
     */
    void write(java.nio.ByteBuffer b) {
        b.putInt(features).putLong(judged).putLong(learned);
        for (int bin = 0; bin < BINS; bin++) {
            b.putInt(days[bin]).putInt(n[bin]).putLong(dayOf[bin]);
        }
        for (double x : mean) {
            b.putDouble(x);
        }
        for (double x : sum) {
            b.putDouble(x);
        }
        for (double x : cov) {
            b.putDouble(x);
        }
    }

    /** A watch {@link #write} wrote, or null when the bytes do not hold one whole. */
    static SeasonWatch read(java.nio.ByteBuffer b) {
        if (b.remaining() < 4) {
            return null;
        }
        int features = b.getInt();
        if (features < 1 || features > MAX_FEATURES || b.remaining() < size(features) - 4) {
            return null;
        }
        SeasonWatch w = new SeasonWatch(features);
        w.judged = b.getLong();
        w.learned = b.getLong();
        for (int bin = 0; bin < BINS; bin++) {
            w.days[bin] = b.getInt();
            w.n[bin] = b.getInt();
            w.dayOf[bin] = b.getLong();
        }
        for (int i = 0; i < w.mean.length; i++) {
            w.mean[i] = b.getDouble();
        }
        for (int i = 0; i < w.sum.length; i++) {
            w.sum[i] = b.getDouble();
        }
        for (int i = 0; i < w.cov.length; i++) {
            w.cov[i] = b.getDouble();
        }
        return w;
    }
}
