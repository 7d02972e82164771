package io.recon.streaming.alerting;

/**
 * Per-key tail probabilities without assuming a distribution, in the spirit of peaks-over-threshold (SPOT):
 * each key keeps an exponentially decayed histogram of its recent scores (log scale, 64 bins of 1/8 decade
 * from 1e-4 to 1e4 times the model's threshold; {@code horizon} records of memory). Below the key's 95th
 * percentile the tail probability of a score is read from the histogram; beyond it, where a few hundred
 * records say little about one-in-a-million events, the tail is extrapolated with an exponential fitted to
 * the excesses over that percentile on the log scale (a Pareto tail on the raw scale: heavier than a Gaussian,
 * so the budget errs on the side of fewer alerts). Records as unusual as {@code exclude} stay out of the
 * histogram (an incident does not become the key's normal) unless that lasts {@code horizon / 4} records.
 *
 * <p>Two guards keep a key whose scores barely vary from turning noise into certainty: scores below
 * {@value #NOISE_FLOOR} of the model's threshold count as equal (the model cannot tell them apart from a
 * perfect reconstruction: otherwise a key reproduced almost exactly, such as a clean periodic signal, alarms on
 * round-off), and the exponential tail's scale is at least {@value #MIN_TAIL_SCALE} decades (a score must be
 * about ten times its key's 95th percentile, not twice, to be a one-in-a-thousand event). Measured on NAB with
 * {@code recon bench quality --suite nab} (docs/BENCHMARKS.md).
 */
final class TailCalibrator {
    static final int BINS = 64;
    private static final int REFRESH = 16;
    private static final double LOG_MIN = -4;
    private static final double BIN_WIDTH = 0.125; // decades
    private static final double TAIL = 0.05;
    /** Scores below this fraction of the model's threshold are one value. */
    static final double NOISE_FLOOR = 0.1;
    /** Least scale of the exponential tail, in decades of the score. */
    static final double MIN_TAIL_SCALE = 0.125;

    /** One key's state: fixed size. */
    public static final class State {
        final double[] mass = new double[BINS];
        double weight = 1;
        double total;
        long count;
        int excludedRun;
        /** A false alert's score level (log scale) that operator feedback declared normal, while count < acceptedUntil. */
        double acceptedLog = Double.NEGATIVE_INFINITY;
        long acceptedUntil;
        // derived, not persisted: recomputed every REFRESH updates (the histogram moves slowly)
        final double[] upper = new double[BINS];
        int percentileBin;
        double percentileLog;
        double tailMass;
        double tailScale;
        int sinceRefresh = Integer.MAX_VALUE;

        public long count() {
            return count;
        }

        /** Writes the histogram, weight, total, count and excluded run (the stored part but the accepted level). */
        void writeHistogram(java.nio.ByteBuffer b) {
            for (double m : mass) {
                b.putDouble(m);
            }
            b.putDouble(weight).putDouble(total).putLong(count).putInt(excludedRun);
        }

        /** Reads what {@link #writeHistogram} wrote. */
        void readHistogram(java.nio.ByteBuffer b) {
            for (int i = 0; i < BINS; i++) {
                mass[i] = b.getDouble();
            }
            weight = b.getDouble();
            total = b.getDouble();
            count = b.getLong();
            excludedRun = b.getInt();
        }

        /** Bytes of {@link #writeHistogram}. */
        static final int HISTOGRAM_BYTES = 8 * BINS + 8 + 8 + 8 + 4;

        /** Forgets everything: the key warms up again (after a maintenance window). */
        void reset() {
            java.util.Arrays.fill(mass, 0);
            weight = 1;
            total = 0;
            count = 0;
            excludedRun = 0;
            acceptedLog = Double.NEGATIVE_INFINITY;
            acceptedUntil = 0;
            sinceRefresh = Integer.MAX_VALUE;
        }
    }

    private final int horizon;
    private final int warmup;
    private final double exclude;
    private final double growth;

    public TailCalibrator(int horizon, int warmup, double exclude) {
        if (horizon < 10 || warmup < 10 || !(exclude > 0 && exclude < 1)) {
            throw new IllegalArgumentException("tail calibration: horizon >= 10, warmup >= 10, 0 < exclude < 1");
        }
        this.horizon = horizon;
        this.warmup = warmup;
        this.exclude = exclude;
        this.growth = 1.0 / (1.0 - 1.0 / horizon);
    }

    /** The calibration {@code recon serve} uses: 2,000 records of memory, 100 to warm up, alarms at 1e-3 kept out. */
    public static TailCalibrator serving() {
        return new TailCalibrator(2000, 100, 1e-3);
    }

    public int warmup() {
        return warmup;
    }

    /**
     * Records after which a key's own calibration decides alone: half its memory. Before that the model's held-out
     * scores share the decision ({@link AlertBudget#blend}): a few hundred records put the key's 95th percentile in
     * place but not the extrapolated tail the budget's limits lie in (on SKAB, 400 to 700 records a file, the key's
     * own tail alone found 7 of 16 faults; blended, 9, the false-alarm rate 2.5 -> 4.6 %).
     */
    public int trusted() {
        return horizon / 2;
    }

    static double logOf(double ratio) {
        return Math.log10(Math.max(ratio, NOISE_FLOOR));
    }

    static int bin(double log) {
        return (int) Math.max(0, Math.min(BINS - 1, Math.floor((log - LOG_MIN) / BIN_WIDTH)));
    }

    /** Takes one score (as a ratio to the model's threshold); returns its tail probability in (0, 1] (1 while warming up). */
    public double observe(State s, double ratio) {
        double q = judge(s, ratio);
        learn(s, ratio, q, false);
        return q;
    }

    /** The tail probability of one score (as a ratio to the model's threshold) for the key, without learning it. */
    double judge(State s, double ratio) {
        if (s.count < warmup) {
            return 1.0;
        }
        double y = logOf(ratio);
        double p = tail(s, y);
        return accepted(s, y) ? Math.max(p, ACCEPTED_P) : p;
    }

    /** Whether operator feedback declared a score at this level (log scale) normal for the key, and still holds. */
    private static boolean accepted(State s, double y) {
        return s.count < s.acceptedUntil && y <= s.acceptedLog + BIN_WIDTH;
    }

    /**
     * A tail probability from elsewhere (the model's held-out scores, or a blend with them) for a score of the key,
     * with the key's accepted level applied as {@link #judge} applies it: a pattern the operator declared normal for
     * the key is ordinary whatever the model's scores say.
     */
    double respectingFeedback(State s, double ratio, double q) {
        return accepted(s, logOf(ratio)) ? Math.max(q, ACCEPTED_P) : q;
    }

    /**
     * Adds a judged score ({@code q} from {@link #judge}) to the key's history unless it alarms: {@code q} is under
     * {@code exclude}, or the caller says the record counts toward an alert. A key alarming for {@code horizon / 4}
     * records in a row has a new normal and learns again.
     */
    void learn(State s, double ratio, double q, boolean alerting) {
        double y = logOf(ratio);
        boolean alarming = alerting || q < exclude;
        s.excludedRun = alarming ? s.excludedRun + 1 : 0;
        if (!alarming || s.excludedRun > horizon / 4) {
            s.weight *= growth;
            s.mass[bin(y)] += s.weight;
            s.total += s.weight;
            s.count++;
            if (s.weight > 1e200) {
                for (int i = 0; i < BINS; i++) {
                    s.mass[i] /= s.weight;
                }
                s.total /= s.weight;
                s.weight = 1;
            }
        }
    }

    /** How long an accepted level holds, in horizons of the key's records (10: 20,000 records for serve). */
    static final int ACCEPTED_RECORDS_PER_HORIZON = 10;
    /** The tail probability a score at or under an accepted level gets at least: in the key's top 5 %, ordinary. */
    static final double ACCEPTED_P = TAIL;

    /**
     * Operator feedback: scores at these ratios were normal for the key (a false alert). Scores up to the highest of
     * them (and one bin, 1/8 decade, above) are judged at least {@link #ACCEPTED_P} for the next
     * {@link #ACCEPTED_RECORDS_PER_HORIZON} horizons of the key's records: the same pattern does not page again,
     * while anything clearly worse still does. (Adding them to the histogram instead did nothing for keys whose
     * normal scores sit in one bin under the noise floor: the 95th percentile's bin then holds the whole mass.)
     */
    void accept(State s, double[] ratios) {
        double level = s.count < s.acceptedUntil ? s.acceptedLog : Double.NEGATIVE_INFINITY;
        for (double r : ratios) {
            level = Math.max(level, logOf(r));
        }
        s.acceptedLog = level;
        s.acceptedUntil = s.count + ACCEPTED_RECORDS_PER_HORIZON * (long) horizon;
    }

    /** P(score >= y) for the key: the histogram below its 95th percentile, an exponential tail (log scale) above. */
    static double tail(State s, double y) {
        if (s.sinceRefresh >= REFRESH) {
            refresh(s);
        }
        s.sinceRefresh++;
        int b = bin(y);
        if (b < s.percentileBin) {
            return Math.max(s.upper[b], Double.MIN_NORMAL);
        }
        return Math.max(s.tailMass * Math.exp(-(y - s.percentileLog) / s.tailScale), Double.MIN_NORMAL);
    }

    /** Upper-tail shares per bin, the 95th percentile's bin and the exponential tail's scale over it. */
    private static void refresh(State s) {
        s.sinceRefresh = 0;
        double m = 0;
        int t = -1;
        for (int i = BINS - 1; i >= 0; i--) {
            m += s.mass[i];
            s.upper[i] = m / s.total;
            if (t < 0 && m >= TAIL * s.total) {
                t = i;
            }
        }
        t = Math.max(t, 0);
        double tLog = LOG_MIN + t * BIN_WIDTH; // lower edge of the percentile's bin
        double excess = 0;
        double mass = 0;
        for (int i = t; i < BINS; i++) {
            excess += s.mass[i] * (LOG_MIN + (i + 0.5) * BIN_WIDTH - tLog);
            mass += s.mass[i];
        }
        s.percentileBin = t;
        s.percentileLog = tLog;
        s.tailMass = s.upper[t];
        s.tailScale = Math.max(excess / mass, MIN_TAIL_SCALE);
    }
}
