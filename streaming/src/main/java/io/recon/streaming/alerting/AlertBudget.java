package io.recon.streaming.alerting;

import io.recon.streaming.output.JsonOut;
import io.recon.streaming.state.StateWrite;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each key's scores into alert decisions from a false-alert budget instead of a fixed quantile. The
 * operator states how many false alerts per key per day they accept ({@code F}); for each key Recon knows
 * its record rate ({@code R} a day, from event times) and its own score distribution ({@link TailCalibrator}:
 * a tail probability {@code q} per record). Two kinds of score evidence alert, each spending part of the budget:
 * <ul>
 *   <li>one record rare enough on its own: {@code q <= p1 = F1 / R} (a spike);
 *   <li>with persistence {@code k > 1}: {@code k} of the last {@code n} records each with
 *       {@code q <= pk = (Fk / (R × C(n, k)))^(1/k)}, the per-record tail probability at which that happens by
 *       chance {@code Fk} times a day (a sustained change, each record only moderately unusual).
 * </ul>
 * A tenth of the budget goes to stuck features ({@link FreezeWatch}) and a tenth to records off the key's daily
 * cycle ({@link SeasonWatch}); of the rest, with {@code k = 1} all goes to single records, otherwise it is split
 * evenly between the two rules above. A key whose history is too short (the calibrator's warm-up) is judged against the
 * model's held-out scores ({@link ScorePrior}) with the same limits, or by the model's threshold for a model
 * without them; from then until its calibration is trusted ({@link TailCalibrator#trusted()} records) by a blend of
 * the two ({@link #blend}), so that evidence both find overwhelming alerts on a short history and the key's own
 * calibration takes over as it has seen enough records to certify the budget's rare events.
 *
 * <p>Per-key state (calibration, rate, the last n decisions, the daily cycle) goes to a changelogged store every
 * {@value #PERSIST_EVERY} records of the key, but not more often than once per {@value #PERSIST_MIN_GAP_MS} ms of the
 * key's event time unless {@value #PERSIST_AT_LEAST} records have passed (a busy key would otherwise write its state
 * many times a second; a restart loses at most those seconds of a 2,000-record memory). Format version 1:
 * {@code int 0x52430001 ("RC", 1), double[64] histogram, double weight, double total, long count, int excludedRun,
 * double gapMs, long lastTime, int bits} ({@link TailCalibrator}); formats 2 and 3 below.
 */
public final class AlertBudget {
    static final int MAGIC_V1 = 0x52430001;
    /**
     * Format 2: format 1, the level operator feedback accepted (double log, long until count) and the
     * maintenance state (byte: 0, 1 in or after a window, 2 settling).
     */
    static final int MAGIC_V2 = 0x52430002;
    /**
     * Format 3 (current): format 2, then a byte (1 when the key has a daily cycle's state, else 0) and, when 1, the
     * cycle ({@link SeasonWatch#write}) and its statistic's calibration (double[64] histogram, double weight, double
     * total, long count, int excludedRun, double acceptedLog, long acceptedUntil): a restart keeps the days a key's
     * cycle took to learn and what operator feedback accepted of it.
     */
    static final int MAGIC_V3 = 0x52430003;
    static final int PERSIST_EVERY = 64;
    static final long PERSIST_MIN_GAP_MS = 10_000;
    static final int PERSIST_AT_LEAST = 4096;
    /** The tail probability at or below which a record keeps a firing key's alert open (hysteresis). */
    static final double HOLD = 0.01;
    /** Records between two derivations of a key's tail limit from its record rate. */
    private static final int LIMIT_EVERY = 16;

    /**
     * The budget settings: false alerts per key per day ({@code falseAlertsPerDay}) or, when that is 0, a share of
     * {@code fleetPerDay} for the whole of a model's keys (each key's share: it divided by the model's keys,
     * {@link FleetKeys}); both 0 turn the budget off (the model's threshold decides).
     */
    public record Config(double falseAlertsPerDay, double fleetPerDay, int k, int n) {
        public Config {
            if (!(falseAlertsPerDay >= 0) || !(fleetPerDay >= 0) || k < 1 || n < k || n > 31) {
                throw new IllegalArgumentException("alert budget: false alerts per day >= 0, 1 <= k <= n <= 31; got "
                        + falseAlertsPerDay + " per key, " + fleetPerDay + " for the fleet, " + k + " of " + n);
            }
        }

        /** A budget per key. */
        public Config(double falseAlertsPerKeyPerDay, int k, int n) {
            this(falseAlertsPerKeyPerDay, 0, k, n);
        }

        public boolean on() {
            return falseAlertsPerDay > 0 || fleetPerDay > 0;
        }
    }

    /** One key's state. */
    static final class Key {
        final TailCalibrator.State calibration = new TailCalibrator.State();
        double gapMs;
        long lastTime = Long.MIN_VALUE;
        int bits;
        int sincePersist;
        /** The key's event time at its last write to the store (not stored). */
        long persistedAt = Long.MIN_VALUE;
        /** The last record's calibrated tail probability and the single-record limit (for the scored record). */
        double q = 1;
        double limit = Double.NaN;
        /** {@link #limit} as the scored record writes it (null while NaN): it changes every 16 records at most. */
        byte[] limitText;
        /** The per-record limit of the persistence rule (k of n). */
        double sustainedLimit = Double.NaN;
        /** Records since {@link #limit} was last derived from the key's rate (it moves slowly; {@code pow} is not cheap). */
        int sinceLimit = Integer.MAX_VALUE;
        /** Whether the last record counts toward an alert. */
        boolean alerting;
        /** Whether the last record is unusual enough to keep an open alert open ({@value #HOLD} or rarer). */
        boolean elevated;
        /** 0, or 1: a record of the key fell in a maintenance window; 2: settling after one (warming, never alerting). */
        byte maintenance;
        /** The key's stuck-feature watch (in memory only), made at its first record with features. */
        FreezeWatch freeze;
        /** The chance probability of the key's longest current run of repeated values (1: none). */
        double frozen = 1;
        /** The key's daily cycle (stored, format 3), made at its first record with at most 64 features. */
        SeasonWatch season;
        /** The calibration of the key's seasonal statistic (stored with {@link #season}). */
        final TailCalibrator.State seasonal = new TailCalibrator.State();
        /** The last record's seasonal tail probability (1: none) and the limit it must reach to alert. */
        double seasonQ = 1;
        double seasonLimit = Double.NaN;
        /**
         * The highest seasonal statistic among the records of the key's last run of alerting records (in memory only),
         * which operator feedback on that alert accepts; records since the last alerting one (a run that starts after
         * {@value #EPISODE_GAP} quiet records is a new one).
         */
        double seasonPeak;
        int sinceAlerting = Integer.MAX_VALUE;
    }

    private final Config config;
    private final TailCalibrator calibrator;
    /** Per model name, per key: a model's scores are on its own scale. */
    private final Map<String, Map<String, Key>> models = new HashMap<>();
    private final double combinations;
    /** Budget shares of single records and of persistence (frozen features and the daily cycle have theirs below). */
    private final double singleShare;
    private final double sustainedShare;
    static final double FREEZE_SHARE = 0.1;
    /** The budget's share for records off the key's daily cycle ({@link SeasonWatch}). */
    static final double SEASON_SHARE = 0.1;
    /** Quiet records after which a key's next alerting record starts a new run (serve's default record cooldown). */
    static final int EPISODE_GAP = 30;

    /** The service's count of keys per model, for a fleet budget; null: the keys this budget holds are the fleet. */
    private final FleetKeys.Task fleet;

    public AlertBudget(Config config, TailCalibrator calibrator) {
        this(config, calibrator, null);
    }

    public AlertBudget(Config config, TailCalibrator calibrator, FleetKeys.Task fleet) {
        this.config = config;
        this.fleet = fleet;
        this.calibrator = calibrator;
        double c = 1;
        for (int i = 0; i < config.k(); i++) {
            c = c * (config.n() - i) / (i + 1);
        }
        this.combinations = c;
        this.singleShare = (1 - FREEZE_SHARE - SEASON_SHARE) * (config.k() == 1 ? 1 : 0.5);
        this.sustainedShare = (1 - FREEZE_SHARE - SEASON_SHARE) * (config.k() == 1 ? 0 : 0.5);
    }

    /**
     * False alerts a day one key of {@code model} may raise: the per-key budget, or its share of the fleet's
     * ({@code keys}: the keys of the model this budget holds, the fleet when no service-wide count is given).
     */
    double perKey(String model, Map<String, Key> keys) {
        if (config.falseAlertsPerDay() > 0) {
            return config.falseAlertsPerDay();
        }
        return config.fleetPerDay() / (fleet != null ? fleet.fleet(model) : Math.max(1, keys.size()));
    }

    /** The tail probability one record of a key at {@code recordsPerDay} must reach to alert on its own. */
    double limit(double recordsPerDay, double perKey) {
        return Math.min(0.5, singleShare * perKey / recordsPerDay);
    }

    /** The chance probability a run of repeated values must reach to alert. */
    double freezeLimit(double recordsPerDay, double perKey) {
        return Math.min(0.5, FREEZE_SHARE * perKey / recordsPerDay);
    }

    /**
     * The seasonal tail probability one record must reach to alert. Not k of n: the statistic moves with the hour, so
     * consecutive records are far from independent and persistence would promise what it cannot (on NAB, 2 of 5 at
     * the looser limit cost 8.5 points of the standard profile and 18 of the low-false-positive one).
     */
    double seasonLimit(double recordsPerDay, double perKey) {
        return Math.min(0.5, SEASON_SHARE * perKey / recordsPerDay);
    }

    /** The tail probability each of k of the last n records must reach (NaN without persistence). */
    double sustainedLimit(double recordsPerDay, double perKey) {
        if (sustainedShare == 0) {
            return Double.NaN;
        }
        return Math.min(0.5, Math.pow(sustainedShare * perKey / (recordsPerDay * combinations), 1.0 / config.k()));
    }

    /**
     * The tail probability of a key between warm-up and {@link TailCalibrator#trusted()} records: the geometric blend
     * {@code own^w × prior^(1-w)} with {@code w} the key's share of the records that make its calibration trusted.
     * A score both call rare stays rare; one only the model's held-out scores call rare (the key is noisier than the
     * training data) counts less as the key's history grows, and none once it is trusted.
     */
    static double blend(double own, double prior, double w) {
        return Math.exp(w * Math.log(own) + (1 - w) * Math.log(prior));
    }

    /** A key new to this budget: the service's count follows. */
    private void added(String model, Map<String, Key> keys) {
        if (fleet != null) {
            fleet.keys(model, keys.size());
        }
    }

    /** The state of {@code key} among {@code keys} (those of {@code model}), made and counted at its first record. */
    private Key stateOf(String model, Map<String, Key> keys, String key) {
        Key s = keys.get(key);
        if (s == null) {
            s = new Key();
            keys.put(key, s);
            added(model, keys);
        }
        return s;
    }

    /** This budget's keys no longer count (its task closed). */
    void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** The keys of one model (look it up once per batch). */
    Map<String, Key> keysOf(String model) {
        return models.computeIfAbsent(model, m -> new HashMap<>());
    }

    /**
     * Judges one scored record of {@code key}; returns its state, whose {@link Key#alerting} says whether the key is
     * anomalous now (k of its last n records flagged). {@code modelAnomaly} is the model threshold's verdict, used
     * while the key warms up. State writes are keyed {@code model NUL key}.
     */
    Key observe(String model, Map<String, Key> keys, String key, long time, double ratio, boolean modelAnomaly,
            List<StateWrite> writes) {
        return observe(model, keys, key, time, ratio, modelAnomaly, null, null, 0, 0, writes);
    }

    /**
     * As above, as serve judges a record: {@code prior} (the model's held-out scores, null for none) judges the key's
     * records while it warms up, against the limits of its record rate (one a second until two records tell it), in
     * place of the model's threshold; and with the record's features ({@code values[from .. from + features)}, null
     * for none) a feature stuck at one value for longer than its own history makes likely ({@link FreezeWatch})
     * alerts too, spending {@value #FREEZE_SHARE} of the budget, and so does a record off the key's daily cycle
     * ({@link SeasonWatch}, {@value #SEASON_SHARE}).
     */
    Key observe(String model, Map<String, Key> keys, String key, long time, double ratio, boolean modelAnomaly,
            ScorePrior prior, float[] values, int from, int features, List<StateWrite> writes) {
        Key s = stateOf(model, keys, key);
        if (s.lastTime != Long.MIN_VALUE && time > s.lastTime) {
            long gap = time - s.lastTime;
            s.gapMs = s.gapMs == 0 ? gap : s.gapMs + (gap - s.gapMs) / Math.min(s.calibration.count + 1, 100);
        }
        s.lastTime = Math.max(s.lastTime, time);
        if (s.maintenance == 1) {
            // the first record after a maintenance window: what the key does now is its new normal, learnt afresh (its
            // daily cycle too: planned work that moves a level would otherwise page as a cycle out of its hours)
            s.calibration.reset();
            s.season = null;
            s.seasonal.reset();
            s.seasonLimit = Double.NaN;
            s.bits = 0;
            s.limit = Double.NaN;
            s.limitText = null;
            s.maintenance = 2;
        }
        boolean warm = s.calibration.count >= calibrator.warmup() && s.gapMs > 0;
        boolean settling = s.maintenance == 2 && !warm;
        if (s.maintenance == 2 && warm) {
            s.maintenance = 0;
        }
        double own = calibrator.judge(s.calibration, ratio); // 1 while the key warms up
        boolean byPrior = !warm && prior != null;
        s.q = byPrior ? prior.tail(ratio) : own;
        if (warm && prior != null && s.calibration.count < calibrator.trusted()) {
            // a short history: the key's own tail and the model's held-out one, weighted by the key's records
            s.q = blend(own, prior.tail(ratio), (double) s.calibration.count / calibrator.trusted());
        }
        if (prior != null && s.calibration.count < calibrator.trusted()) {
            // operator feedback holds over the model's scores too (the key's own tail already has it)
            s.q = calibrator.respectingFeedback(s.calibration, ratio, s.q);
        }
        double warmingLimit = Double.NaN;
        double warmingSustained = Double.NaN;
        // the key's share of the budget, looked up only where a limit is derived (the fleet's count is shared)
        boolean refresh = warm && (s.sinceLimit >= LIMIT_EVERY || Double.isNaN(s.limit));
        double perKey = byPrior || refresh ? perKey(model, keys) : Double.NaN;
        if (byPrior) {
            double perDay = s.gapMs > 0 ? 86_400_000.0 / s.gapMs : 86_400;
            warmingLimit = limit(perDay, perKey);
            warmingSustained = sustainedLimit(perDay, perKey);
        }
        if (!warm) {
            s.limit = Double.NaN;
            s.limitText = null;
            s.sustainedLimit = Double.NaN;
            s.seasonLimit = Double.NaN;
        } else if (refresh) {
            double limit = limit(86_400_000.0 / s.gapMs, perKey);
            if (limit != s.limit || s.limitText == null) {
                s.limitText = JsonOut.probability(limit);
            }
            s.limit = limit;
            s.sustainedLimit = sustainedLimit(86_400_000.0 / s.gapMs, perKey);
            s.seasonLimit = seasonLimit(86_400_000.0 / s.gapMs, perKey);
            s.sinceLimit = 0;
        }
        s.sinceLimit++;
        s.frozen = 1;
        double stat = Double.NaN;
        if (values != null && features > 0) {
            if (s.freeze == null || s.freeze.features() != features) {
                s.freeze = new FreezeWatch(features);
            }
            s.frozen = s.freeze.observe(values, from);
            if (s.season == null ? features <= SeasonWatch.MAX_FEATURES : s.season.features() != features) {
                s.season = features <= SeasonWatch.MAX_FEATURES ? new SeasonWatch(features) : null;
            }
            stat = s.season != null ? s.season.observe(time, values, from) : Double.NaN;
            s.seasonQ = 1;
            if (!Double.isNaN(stat)) {
                s.seasonQ = calibrator.judge(s.seasonal, stat);
                calibrator.learn(s.seasonal, stat, s.seasonQ, false);
            }
        }
        double perDayNow = s.gapMs > 0 ? 86_400_000.0 / s.gapMs : 86_400;
        boolean stuck = !settling && s.frozen < 1
                && s.frozen <= freezeLimit(perDayNow, Double.isNaN(perKey) ? perKey(model, keys) : perKey);
        // while warming up the model's held-out scores (or, without them, its threshold) stand in for the key's own
        // calibration in both rules (settling after a maintenance window: neither, until the key's new normal is learnt)
        boolean single = !settling && (warm ? s.q <= s.limit : byPrior ? s.q <= warmingLimit : modelAnomaly && config.k() == 1);
        boolean sustained = !settling && (warm ? s.q <= s.sustainedLimit : byPrior ? s.q <= warmingSustained : modelAnomaly);
        int window = (1 << config.n()) - 1;
        s.bits = ((s.bits << 1) | (sustained ? 1 : 0)) & window;
        // off the daily cycle (the seasonal limit is NaN until the key is warm)
        boolean offCycle = !settling && s.seasonQ <= s.seasonLimit;
        s.alerting = single || stuck || offCycle || config.k() > 1 && sustained && Integer.bitCount(s.bits) >= config.k();
        s.elevated = !settling && ((warm || byPrior ? s.q <= HOLD : modelAnomaly) || s.frozen <= HOLD
                || warm && s.seasonQ <= HOLD);
        if (s.alerting) {
            if (s.sinceAlerting > EPISODE_GAP) {
                s.seasonPeak = 0;
            }
            s.seasonPeak = stat > s.seasonPeak ? stat : s.seasonPeak;
            s.sinceAlerting = 0;
        } else if (s.sinceAlerting < Integer.MAX_VALUE) {
            s.sinceAlerting++;
        }
        // records rarer than the calibrator's exclusion level stay out of the key's normal; leaving out every
        // alerting record instead kept level shifts alarming for hundreds of records (NAB 57.8 -> 26.3), every
        // record alarming on its own (a looser level at slow keys) cost NAB 10 points, and the elevated records of
        // an open alert 14.5 (SKAB's F1 gained 0.09: its anomalies are absorbed into the baseline as they last)
        // (the key learns by its own judgement: the prior decides alerts, it does not keep records out of the key's normal)
        calibrator.learn(s.calibration, ratio, own, false);
        if (++s.sincePersist >= PERSIST_EVERY && (s.persistedAt == Long.MIN_VALUE
                || s.lastTime - s.persistedAt >= PERSIST_MIN_GAP_MS || s.sincePersist >= PERSIST_AT_LEAST)) {
            s.sincePersist = 0;
            s.persistedAt = s.lastTime;
            writes.add(new StateWrite(StateWrite.Store.CALIBRATION, model + '\u0000' + key, encode(s)));
        }
        return s;
    }

    /**
     * Operator feedback that an alert of {@code key} (of {@code model}; empty = every model) was false: its scores ({@code ratios} to the threshold) join the
     * key's calibration ({@link TailCalibrator#accept}), written to the store. False when this budget does not hold
     * the key (another stream thread or instance does).
     */
    boolean accept(String model, String key, double[] ratios, List<StateWrite> writes) {
        boolean any = false;
        for (Map.Entry<String, Map<String, Key>> m : models.entrySet()) {
            Key s = model.isEmpty() || m.getKey().equals(model) ? m.getValue().get(key) : null;
            if (s == null) {
                continue;
            }
            calibrator.accept(s.calibration, ratios);
            if (s.season != null && s.seasonPeak > 0) {
                // the alert may have come of the key's daily cycle: that level of it is the key's normal too
                calibrator.accept(s.seasonal, new double[] {s.seasonPeak});
            }
            s.sincePersist = 0;
            s.persistedAt = s.lastTime;
            writes.add(new StateWrite(StateWrite.Store.CALIBRATION, m.getKey() + '\u0000' + key, encode(s)));
            any = true;
        }
        return any;
    }

    /**
     * A record of {@code key} fell in a maintenance window: once the window is over, the key's calibration starts
     * over from its first record after it, and the key raises no alert until it is warm again (its new normal).
     */
    void inMaintenance(String model, String key, List<StateWrite> writes) {
        Key s = stateOf(model, keysOf(model), key);
        if (s.maintenance != 1) {
            s.maintenance = 1;
            writes.add(new StateWrite(StateWrite.Store.CALIBRATION, model + '\u0000' + key, encode(s)));
        }
    }

    /** Loads one stored key ({@code model NUL key}); unreadable values leave the key to start over. */
    void restore(String storeKey, byte[] value) {
        int sep = storeKey.indexOf('\u0000');
        Key s = decode(value);
        if (s != null && sep > 0) {
            String model = storeKey.substring(0, sep);
            Map<String, Key> keys = keysOf(model);
            if (keys.put(storeKey.substring(sep + 1), s) == null) {
                added(model, keys);
            }
        }
    }

    static byte[] encode(Key s) {
        int season = s.season == null ? 0 : SeasonWatch.size(s.season.features()) + SEASONAL_STATE;
        ByteBuffer b = ByteBuffer.allocate(SIZE_V2 + 1 + season).putInt(MAGIC_V3);
        s.calibration.writeHistogram(b);
        b.putDouble(s.gapMs).putLong(s.lastTime).putInt(s.bits)
                .putDouble(s.calibration.acceptedLog).putLong(s.calibration.acceptedUntil).put(s.maintenance)
                .put((byte) (s.season == null ? 0 : 1));
        if (s.season != null) {
            s.season.write(b);
            s.seasonal.writeHistogram(b);
            b.putDouble(s.seasonal.acceptedLog).putLong(s.seasonal.acceptedUntil);
        }
        return b.array();
    }

    private static final int SIZE = 4 + TailCalibrator.State.HISTOGRAM_BYTES + 8 + 8 + 4;
    private static final int SIZE_V2 = SIZE + 8 + 8 + 1;
    /**
     * The seasonal statistic's calibration as format 3 keeps it: histogram, weight, total, count, excluded run, accepted
     * level (log, until).
     */
    private static final int SEASONAL_STATE = TailCalibrator.State.HISTOGRAM_BYTES + 8 + 8;

    /** The state of a stored value, or null when unreadable (the key then starts over). */
    static Key decode(byte[] value) {
        int magic = value != null && value.length >= 4 ? ByteBuffer.wrap(value).getInt(0) : 0;
        boolean v1 = magic == MAGIC_V1 && value.length == SIZE;
        boolean v2 = magic == MAGIC_V2 && value.length == SIZE_V2;
        boolean v3 = magic == MAGIC_V3 && value.length > SIZE_V2;
        if (!v1 && !v2 && !v3) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value, 4, value.length - 4);
        Key s = new Key();
        s.calibration.readHistogram(b);
        s.gapMs = b.getDouble();
        s.lastTime = b.getLong();
        s.bits = b.getInt();
        if (v2 || v3) {
            s.calibration.acceptedLog = b.getDouble();
            s.calibration.acceptedUntil = b.getLong();
            s.maintenance = b.get();
        }
        if (v3 && b.get() == 1) {
            // the daily cycle; where it does not read whole the key keeps its calibration and learns its cycle afresh
            SeasonWatch w = SeasonWatch.read(b);
            if (w != null && b.remaining() == SEASONAL_STATE) {
                s.season = w;
                s.seasonal.readHistogram(b);
                s.seasonal.acceptedLog = b.getDouble();
                s.seasonal.acceptedUntil = b.getLong();
            }
        }
        return s;
    }
}
