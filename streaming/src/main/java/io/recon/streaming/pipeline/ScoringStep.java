package io.recon.streaming.pipeline;

import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.alerting.AlertDecisions;
import io.recon.streaming.alerting.AlertState;
import io.recon.streaming.alerting.DropWatch;
import io.recon.streaming.alerting.ScorePrior;
import io.recon.streaming.feedback.Feedback;
import io.recon.streaming.feedback.FeedbackLog;
import io.recon.streaming.input.AvroRowReader;
import io.recon.streaming.input.AvroSchemas;
import io.recon.streaming.input.EpochTime;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.KeyCache;
import io.recon.streaming.input.RecordParser;
import io.recon.streaming.input.RowRead;
import io.recon.streaming.input.VectorReader;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.output.AlertDetail;
import io.recon.streaming.output.JsonOut;
import io.recon.streaming.routing.Router;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.ModelVersion;
import io.recon.streaming.state.StateWrite;
import io.recon.streaming.state.WindowState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one {@link Batch} into its {@link ScoredBatch}, on a scoring thread: each record is routed and
 * parsed here and nowhere else, windowed models' rows go into their key's window, each model in the
 * batch runs once in ONNX Runtime, and the scored records and alerts are written as JSON. A pipeline
 * runs its batches through its step one at a time, in order, so the step's parsers, buffers and per-key
 * state (windows, alerts) are only ever touched by one thread at a time.
 */
final class ScoringStep {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringStep.class);

    /** Everything one model version needs in a batch, reused from batch to batch. */
    private static final class Slots {
        final ModelVersion version;
        final RecordParser parser;
        /** For avro topics; null when none is read. */
        final AvroRowReader avro;
        /** The model's held-out scores, for keys that warm up (null: its threshold). */
        final ScorePrior prior;
        final VectorReader vectors;
        final BatchScorer scorer;
        final boolean windowed;
        final float[] row;
        int n;
        int anomalies;
        Exception failure;

        Slots(ModelVersion version, int capacity, KeyCache keys, AvroSchemas schemas) {
            this.version = version;
            ModelContract c = version.contract();
            this.parser = new RecordParser(c.features(), keys);
            this.avro = schemas == null ? null : new AvroRowReader(c.features(), schemas);
            this.prior = ScorePrior.of(c);
            this.vectors = new VectorReader(c.features());
            this.scorer = new BatchScorer(version.model(), capacity);
            this.windowed = c.inputShape().layout() == InputShape.Layout.WINDOW;
            this.row = windowed ? new float[c.inputShape().featuresPerRecord()] : null;
        }
    }

    /**
     * The detail of the record being judged (its slot of a batch), computed only when it opens an alert episode or
     * becomes its peak: its top features with observed values (the input), expected values (the model's
     * reconstruction of that one input, asked of the model then: alerts are rare) and shares. One per step, reused.
     */
    private final class Peak implements AlertState.PeakDetail {
        private Slots m;
        private int slot;

        void at(Slots m, int slot) {
            this.m = m;
            this.slot = slot;
        }

        @Override
        public byte[] get() {
            BatchScorer s = m.scorer;
            int f = s.features();
            int size = s.inputSize();
            JsonOut.topK(s.featureErrors, slot * f, f, top);
            float[] reconstruction = null;
            try {
                float[] input = Arrays.copyOfRange(s.staging, slot * size, slot * size + size);
                reconstruction = s.model().scoreAll(new float[][] {input}).reconstruction();
            } catch (Exception e) {
                LOG.warn("no expected values for an alert of model {}: {}", m.version.contract().modelName(), e.toString());
            }
            return AlertDetail.encode(AlertDetail.of(m.version.contract().features(), top, s.featureErrors, slot * f, f,
                    s.staging, slot * size, size, reconstruction));
        }
    }

    private final Peak peak = new Peak();
    /** How many of the feedback log's verdicts this step has applied. */
    private int feedbackApplied;
    private final PipelineConfig config;
    private final ModelRegistry models;
    private final ReconMetrics metrics;
    private final Router router;
    private final KeyCache keys = new KeyCache(1024);
    /** The writer schemas of avro topics (this step's; null when none is read). */
    private final AvroSchemas schemas;
    private final JsonOut json = new JsonOut();
    private final AlertDecisions decisions;
    /** Model features that stop coming in a key's records (their records are dead letters): alerts of their own. */
    private final DropWatch drops;
    private final Map<String, byte[]> windows = new HashMap<>();
    private final Map<String, Slots> slots = new HashMap<>();
    private final List<Slots> used = new ArrayList<>(2);
    /** The slots of the previous record's model version: most batches are one model, so one comparison. */
    private Slots last;
    private final long[] scratch;
    private final long[] tailScratch;
    /** The batch's calibrated tail probabilities, for the metrics (budget on). */
    private float[] tails = new float[256];
    private final int[] top;

    ScoringStep(PipelineConfig config, ModelRegistry models, ReconMetrics metrics) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
        this.router = new Router(config.routes(), models);
        this.schemas = config.avro().topics().isEmpty() ? null : new AvroSchemas(config.avro().settings());
        // as recon serve judges: one per scoring task, its keys counted in the service's fleet
        this.decisions = new AlertDecisions(config.budget(), config.alertCooldownMs(), config.alertCooldownRecords(),
                config.alertMinAnomalies(), config.budget().on() ? config.fleet().task() : null);
        this.drops = new DropWatch(config.dropAfter());
        this.scratch = metrics.scratch();
        this.tailScratch = metrics.tailScratch();
        this.top = new int[config.topFeatures()];
        // verdicts before this step existed were applied (and stored) by whoever held the keys then
        this.feedbackApplied = config.feedback().size();
    }

    void restoreWindow(String stateKey, byte[] state) {
        windows.put(stateKey, state);
    }

    void restoreAlert(String key, byte[] state) {
        decisions.restoreAlert(key, state);
    }

    void restoreCalibration(String key, byte[] state) {
        decisions.restoreCalibration(key, state);
    }

    /**
     * Scores one batch: each record read (parsed, routed, into its model's input slots or its window) or turned into a
     * dead letter; each model's slots inferred at once; then, record by record, the alert decision and the output.
     */
    <A> ScoredBatch<A> score(Batch<A> b) {
        Work w = new Work(b.n);
        applyFeedback(w.writes);
        if (tails.length < b.n) {
            tails = new float[b.n];
        }
        used.clear();
        last = null;
        for (int i = 0; i < b.n; i++) {
            read(b, i, w);
        }
        infer();
        decideAndWrite(b, w);
        return new ScoredBatch<>(b, w.outKeys, w.scored, w.alerted, w.seriesAlerts, w.reasons, w.details, w.writes);
    }

    /** What one batch's records became, filled by {@link #read} and {@link #decideAndWrite}: one per batch. */
    private static final class Work {
        final byte[][] outKeys;
        final byte[][] scored;
        final byte[][] alerted;
        final byte[][] seriesAlerts;
        final DeadLetterReason[] reasons;
        final String[] details;
        final String[] keyOf;
        final long[] eventTimes;
        final Slots[] modelOf;
        final int[] slotOf;
        final List<StateWrite> writes = new ArrayList<>();

        Work(int n) {
            outKeys = new byte[n][];
            scored = new byte[n][];
            alerted = new byte[n][];
            seriesAlerts = new byte[n][];
            reasons = new DeadLetterReason[n];
            details = new String[n];
            keyOf = new String[n];
            eventTimes = new long[n];
            modelOf = new Slots[n];
            slotOf = new int[n];
        }
    }

    /** Reads record {@code i}: into its model's next input slot (or its key's window), or a dead letter with why. */
    private <A> void read(Batch<A> b, int i, Work w) {
        byte[] value = b.values[i];
        FeatureVector vector = b.vectors[i];
        if (value == null && vector == null) {
            w.reasons[i] = DeadLetterReason.NULL_VALUE;
            w.details[i] = "record has no value";
            return;
        }
        if (value != null && value.length > config.maxRecordBytes()) {
            w.reasons[i] = DeadLetterReason.TOO_LARGE;
            w.details[i] = value.length + " bytes exceed recon.max.record.bytes=" + config.maxRecordBytes();
            return;
        }
        if (b.keys[i] != null && b.keys[i].length > PipelineConfig.MAX_KEY_BYTES) {
            w.reasons[i] = DeadLetterReason.KEY_TOO_LARGE;
            w.details[i] = "record key of " + b.keys[i].length + " bytes; keys are at most " + PipelineConfig.MAX_KEY_BYTES;
            return;
        }
        String model = vector != null ? router.routeVector(vector.key())
                : router.route(b.topics[i], value, b.keys[i]);
        ModelVersion v = model == null ? null : b.version(model, models);
        if (v == null) {
            w.reasons[i] = DeadLetterReason.NO_MODEL;
            w.details[i] = model == null ? "no route matches the record and recon.route.fallback=none"
                    : "model " + model + " is not loaded";
            return;
        }
        Slots m = slotsOf(v);
        int at = m.n * m.scorer.inputSize();
        float[] row = m.windowed ? m.row : m.scorer.staging;
        int rowAt = m.windowed ? 0 : at;
        RowRead r = vector != null ? m.vectors.read(vector, row, rowAt)
                : m.avro != null && config.avro().reads(b.topics[i]) ? m.avro.read(value, row, rowAt)
                : m.parser.parse(value, row, rowAt);
        // the record's own key and time, else the Kafka record's
        String key = r.key() != null ? r.key() : b.keys[i] != null ? m.parser.keyOf(b.keys[i]) : null;
        long eventTime = r.hasTime() ? r.timeMs() : b.timestamps[i];
        if (!r.usable()) {
            w.reasons[i] = r.error();
            w.details[i] = r.detail();
            if (r.missingFeature() != null) {
                w.seriesAlerts[i] = missing(v, key, r.missingFeature(), eventTime, w.outKeys, i);
            }
            return;
        }
        if (key == null) {
            key = "-";
        }
        if (key.length() > PipelineConfig.MAX_KEY_BYTES / 4 && key.getBytes(StandardCharsets.UTF_8).length
                > PipelineConfig.MAX_KEY_BYTES) {
            w.reasons[i] = DeadLetterReason.KEY_TOO_LARGE;
            w.details[i] = "key of more than " + PipelineConfig.MAX_KEY_BYTES + " bytes";
            return;
        }
        if (drops.watching() > 0) {
            DropWatch.Alert back = drops.present(model, key);
            if (back != null) {
                w.seriesAlerts[i] = json.droppedSeries(key, eventTime, false, back.feature(), back.sinceMs(),
                        back.records(), v.contract());
                metrics.alert(key, false);
            }
        }
        if (m.windowed && !window(m, model, key, at, w.writes)) {
            return; // warming up: the key's window is not full yet
        }
        w.keyOf[i] = key;
        w.eventTimes[i] = eventTime;
        w.modelOf[i] = m;
        w.slotOf[i] = m.n++;
    }

    /** Runs each model used by the batch once over its filled slots; a failure dead-letters that model's records. */
    private void infer() {
        for (Slots m : used) {
            if (m.n > 0) {
                try {
                    metrics.inference(m.scorer.run(m.n));
                } catch (Exception e) {
                    m.failure = e;
                    LOG.error("scoring failed for a batch of {} with model {}; sending it to the dead-letter topic: {}", m.n,
                            m.version.contract().modelName(), e.getMessage());
                }
            }
        }
    }

    /** Per scored record: maintenance, the alert decision, the scored record and any alert it fires; then metrics. */
    private <A> void decideAndWrite(Batch<A> b, Work w) {
        int n = b.n;
        int alertingRecords = 0;
        int maintenanceRecords = 0;
        int calibrated = 0;
        for (int i = 0; i < n; i++) {
            Slots m = w.modelOf[i];
            if (m == null) {
                continue;
            }
            if (m.failure != null) {
                w.reasons[i] = DeadLetterReason.SCORING_FAILED;
                w.details[i] = String.valueOf(m.failure.getMessage());
                continue;
            }
            ModelContract c = m.version.contract();
            double threshold = c.threshold().value();
            int slot = w.slotOf[i];
            float score = m.scorer.scores[slot];
            boolean anomaly = score > threshold;
            m.anomalies += anomaly ? 1 : 0;
            w.outKeys[i] = b.keys[i] != null ? b.keys[i] : w.keyOf[i].getBytes(StandardCharsets.UTF_8);
            if (config.maintenance().covers(w.keyOf[i], w.eventTimes[i])) {
                // planned work: scored and marked, never alerting, never part of the key's calibration
                w.scored[i] = json.scoredInMaintenance(w.keyOf[i], w.eventTimes[i], score, threshold, anomaly, c);
                decisions.inMaintenance(c.modelName(), w.keyOf[i], w.writes);
                maintenanceRecords++;
                continue;
            }
            peak.at(m, slot);
            int perRecord = m.scorer.features();
            // the record's own features: the last row of its window for a windowed model
            AlertDecisions.Decision d = decisions.observe(c.modelName(), w.keyOf[i], w.eventTimes[i], score, threshold,
                    m.prior, m.scorer.staging, slot * m.scorer.inputSize() + m.scorer.inputSize() - perRecord, perRecord,
                    peak, w.writes);
            if (decisions.budgetOn()) {
                w.scored[i] = json.scored(w.keyOf[i], w.eventTimes[i], score, threshold, anomaly, c, d.calibrated(),
                        d.limitText(), d.alerting());
                tails[calibrated++] = (float) d.calibrated();
            } else {
                w.scored[i] = json.scored(w.keyOf[i], w.eventTimes[i], score, threshold, anomaly, c);
            }
            alertingRecords += d.alerting() ? 1 : 0;
            if (d.transition() != AlertState.Transition.NONE) {
                boolean firing = d.transition() == AlertState.Transition.FIRING;
                AlertState.Episode e = d.episode();
                // a firing alert describes its record (the episode's first peak); a resolved one the episode's peak
                w.alerted[i] = json.alert(w.keyOf[i], w.eventTimes[i], firing, score, threshold, d.calibrated(), c,
                        AlertDetail.decode(e.peakDetail()), e);
                metrics.alert(w.keyOf[i], firing);
            }
        }
        metrics.alerting(alertingRecords);
        if (maintenanceRecords > 0) {
            metrics.inMaintenance(maintenanceRecords);
        }
        metrics.calibrated(tails, calibrated, tailScratch);
        for (Slots m : used) {
            if (m.failure == null && m.n > 0) {
                metrics.scored(m.version.contract().modelName(), m.scorer.scores, m.n, m.anomalies, scratch);
            }
            if (m.parser != null) {
                for (int u = 0; u < EpochTime.UNITS.size(); u++) {
                    long converted = u == EpochTime.MILLIS ? 0 : m.parser.drainConverted(u);
                    if (converted > 0) {
                        metrics.timestampsConverted(EpochTime.UNITS.get(u), converted);
                    }
                }
            }
        }
    }

    /**
     * A record of {@code key} that version {@code v}'s model could not read for lack of {@code feature}: the drop
     * watch counts it; returns the dropped-series alert it fires (JSON), or null. Records without a key are not
     * watched.
     */
    private byte[] missing(ModelVersion v, String key, String feature, long timeMs, byte[][] outKeys, int i) {
        if (key == null || feature == null) {
            return null;
        }
        String model = v.contract().modelName();
        DropWatch.Alert a = drops.missing(model, key, feature, timeMs);
        if (a == null) {
            return null;
        }
        metrics.alert(key, true);
        outKeys[i] = key.getBytes(StandardCharsets.UTF_8); // the alert's Kafka key, as a scored record's would be
        return json.droppedSeries(key, timeMs, true, a.feature(), a.sinceMs(), a.records(), v.contract());
    }

    /** Operators' verdicts received since the last batch: a false positive joins the key's calibration. */
    private void applyFeedback(List<StateWrite> writes) {
        FeedbackLog log = config.feedback();
        while (feedbackApplied < log.size()) {
            Feedback f = log.get(feedbackApplied++);
            if (f.verdict() == Feedback.Verdict.FALSE_POSITIVE && f.ratios().length > 0
                    && decisions.acceptFalseAlert(f.model(), f.key(), f.ratios(), writes)) {
                LOG.info("{}'s calibration takes the scores of its false alert ({} of them)", f.key(), f.ratios().length);
            }
        }
    }

    /** Frees every model version's batch tensors; only once no batch is being scored. */
    void close() {
        decisions.close();
        for (Slots m : slots.values()) {
            m.scorer.close();
        }
        slots.clear();
        last = null;
    }

    /** Appends the parsed row to the key's window; copies a full window into the batch's slot. */
    private boolean window(Slots m, String model, String key, int at, List<StateWrite> writes) {
        InputShape shape = m.version.contract().inputShape();
        int w = shape.window();
        int f = m.row.length;
        String stateKey = model + '\u0000' + key;
        byte[] state = WindowState.append(WindowState.read(windows.get(stateKey), w, f), m.row, w, f);
        windows.put(stateKey, state);
        writes.add(new StateWrite(StateWrite.Store.WINDOWS, stateKey, state));
        if (!WindowState.full(state, w)) {
            return false;
        }
        WindowState.copy(state, w, f, m.scorer.staging, at);
        return true;
    }

    /** The model version's slots, emptied for this batch (built when the version is new to this pipeline). */
    private Slots slotsOf(ModelVersion v) {
        if (last != null && last.version == v) {
            return last;
        }
        String name = v.contract().modelName();
        Slots m = slots.get(name);
        if (m == null || m.version != v) {
            if (m != null) {
                m.scorer.close(); // the version was replaced: its last batch went through this step before this one
            }
            m = new Slots(v, config.batchSize(), keys, schemas);
            slots.put(name, m);
        }
        if (!used.contains(m)) {
            m.n = 0;
            m.anomalies = 0;
            m.failure = null;
            used.add(m);
        }
        last = m;
        return m;
    }
}
