package io.recon.streaming.alerting;

/**
 * A key's stuck or flat-lined features: a metric that freezes repeats its last value exactly, record after record,
 * which a reconstruction model barely notices (a frozen value is a plausible value). Each feature keeps, per record,
 * the length of its current run of repeats, and learns the distribution of those lengths the way
 * {@link TailCalibrator} learns scores: a decayed histogram on the log scale (of run + 1; {@value #BINS} bins of
 * 1/8 decade; about {@value #HORIZON} records of memory), read directly up to its 95th percentile and extrapolated
 * beyond it with an exponential of at least 1/8 decade (a Pareto tail in run length: a metric that never repeats
 * makes a run of 15 a one-in-a-hundred-thousand event, one that often sits still for minutes needs far longer). A
 * feature whose value never changes has ever longer runs, each about as long as its recent ones on the log scale,
 * and so never alarms. The key's freeze evidence is the smallest tail probability over its features, times their
 * number (any of them may freeze). Runs rarer than {@value #EXCLUDE} stay out of the histogram unless that lasts
 * {@value #HORIZON} / 4 records (a freeze does not become the feature's normal at once).
 *
 * <p>Kept in memory only (after a restart a key relearns its runs during its warm-up; no stored format).
 */
final class FreezeWatch {
    static final int HORIZON = 2000;
    static final int WARMUP = 100;
    static final double EXCLUDE = 1e-3;
    static final int BINS = 40; // 5 decades of run length
    private static final double WIDTH = 0.125;
    private static final double TAIL = 0.05;
    private static final double MIN_SCALE = 0.125;
    private static final double GROWTH = 1.0 / (1.0 - 1.0 / HORIZON);

    /** log10(run + 1) for runs under 4,096 (most of them): a run's length is judged at every record. */
    private static final double[] LOG = new double[4096];

    static {
        for (int i = 0; i < LOG.length; i++) {
            LOG[i] = Math.log10(i + 1.0);
        }
    }

    private static final int REFRESH = 16;
    private final int[] last;
    /** Per feature, refreshed every {@value #REFRESH} updates: the 95th percentile's bin, its tail mass and scale. */
    private final int[] p95;
    private final double[] tailMass;
    private final double[] scale;
    private final int[] sinceRefresh;
    private final int[] run;
    private final int[] excludedRun;
    private final double[] mass;
    /** The weight of this record's additions: it grows by {@code GROWTH} a record, which decays all earlier ones. */
    private double weight = 1;
    private final double[] total;
    private long count;

    FreezeWatch(int features) {
        last = new int[features];
        run = new int[features];
        excludedRun = new int[features];
        mass = new double[features * BINS];
        total = new double[features];
        p95 = new int[features];
        tailMass = new double[features];
        scale = new double[features];
        sinceRefresh = new int[features];
        java.util.Arrays.fill(sinceRefresh, REFRESH);
    }

    int features() {
        return last.length;
    }

    private static int bin(double log) {
        return (int) Math.min(BINS - 1, Math.max(0, Math.floor(log / WIDTH)));
    }

    /**
     * Takes one record's features ({@code values[from .. from + features)}) and returns the key's freeze evidence:
     * the chance probability of the rarest current run among them, times their number (1 while warming up).
     */
    double observe(float[] values, int from) {
        int n = last.length;
        double least = 1;
        boolean warm = count >= WARMUP;
        weight *= GROWTH;
        double w = weight;
        for (int f = 0; f < n; f++) {
            int bits = Float.floatToIntBits(values[from + f]);
            if (bits != last[f] || count == 0) {
                // the common case for a metric that moves: a run of 0, learnt in its first bin
                last[f] = bits;
                run[f] = 0;
                excludedRun[f] = 0;
                mass[f * BINS] += w;
                total[f] += w;
                sinceRefresh[f]++;
                continue;
            }
            int r = ++run[f];
            double y = r < LOG.length ? LOG[r] : Math.log10(r + 1.0);
            double q = warm ? tail(f, y) : 1;
            least = Math.min(least, q);
            boolean alarming = q < EXCLUDE;
            excludedRun[f] = alarming ? excludedRun[f] + 1 : 0;
            if (!alarming || excludedRun[f] > HORIZON / 4) {
                mass[f * BINS + bin(y)] += w;
                total[f] += w;
                sinceRefresh[f]++;
            }
        }
        if (weight > 1e200) {
            for (int i = 0; i < mass.length; i++) {
                mass[i] /= weight;
            }
            for (int f = 0; f < n; f++) {
                total[f] /= weight;
            }
            weight = 1;
        }
        count++;
        return Math.min(1, least * n);
    }

    /** P(run >= this one) for feature f: the histogram below its 95th percentile, an exponential tail above it. */
    private double tail(int f, double y) {
        if (sinceRefresh[f] >= REFRESH) {
            refresh(f);
        }
        if (p95[f] < 0) {
            return 1;
        }
        int at = f * BINS;
        int b = bin(y);
        if (b < p95[f]) {
            double m = 0;
            for (int i = b; i < BINS; i++) {
                m += mass[at + i];
            }
            return m / total[f];
        }
        return Math.max(tailMass[f] * Math.exp(-(y - p95[f] * WIDTH) / scale[f]), Double.MIN_NORMAL);
    }

    private void refresh(int f) {
        sinceRefresh[f] = 0;
        int at = f * BINS;
        double above = 0;
        int t = -1;
        for (int i = BINS - 1; i >= 0 && total[f] > 0; i--) {
            above += mass[at + i];
            if (above >= TAIL * total[f]) {
                t = i;
                break;
            }
        }
        p95[f] = t;
        if (t < 0) {
            return;
        }
        double edge = t * WIDTH;
        double excess = 0;
        double m = 0;
        for (int i = t; i < BINS; i++) {
            excess += mass[at + i] * ((i + 0.5) * WIDTH - edge);
            m += mass[at + i];
        }
        tailMass[f] = m / total[f];
        scale[f] = Math.max(excess / m, MIN_SCALE);
    }
}
