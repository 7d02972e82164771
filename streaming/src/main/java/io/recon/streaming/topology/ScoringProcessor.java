package io.recon.streaming.topology;

import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each input record to its model's micro-batch ({@link Lane}) and scores a batch with one ONNX
 * Runtime call when it is full, when its oldest record has waited {@code batchWaitMs}, or when Kafka
 * Streams prepares a commit (so no offset is committed ahead of its outputs). Windowed models keep the
 * last W rows per key in a changelogged store and score once a key's window is full.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final ServeConfig config;
    private final ModelRegistry registry;
    private final ReconMetrics metrics;
    private final DeadLetters deadLetters;
    private final JsonOut json = new JsonOut();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final KeyCache keyCache = new KeyCache(4096);
    private final long[] scratch;

    private ProcessorContext<byte[], byte[]> context;
    private ProcessorNode<?, ?, ?, ?> node;
    private KeyValueStore<String, byte[]> windows;
    private AlertTracker alerts;
    private Router router;
    private int[] top;
    private org.apache.kafka.streams.processor.Cancellable waitTimer;

    ScoringProcessor(ServeConfig config, ModelRegistry registry, ReconMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.deadLetters = new DeadLetters(config.dlqMaxBytes(), metrics);
        this.scratch = metrics.scratch();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.node = ((InternalProcessorContext<?, ?>) ctx).currentNode();
        CommitFlushStore hook = ctx.getStateStore(ScoringTopology.COMMIT_HOOK_STORE);
        hook.onCommit(this::flushOnCommit);
        windows = ctx.getStateStore(ScoringTopology.WINDOW_STORE);
        alerts = new AlertTracker(ctx.getStateStore(ScoringTopology.ALERT_STORE), config.alertCooldownMs(),
                config.alertMinAnomalies());
        router = new Router(config, registry);
        top = new int[config.topFeatures()];
    }

    /**
     * The batch-wait timer: scheduled when a batch starts and none is pending, cancelled once every batch
     * has been scored. Under load, batches fill before the wait is over, so the timer never fires; that
     * matters because each punctuation makes Kafka Streams halve the records it processes per loop.
     */
    private void armWaitTimer() {
        if (waitTimer == null) {
            waitTimer = context.schedule(Duration.ofMillis(config.batchWaitMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
                long due = System.nanoTime() - config.batchWaitMs() * 1_000_000L;
                for (Lane lane : lanes.values()) {
                    if (lane.pending > 0 && lane.oldestPendingNanos <= due) {
                        flush(lane);
                    }
                }
                disarmWaitTimerWhenIdle();
            });
        }
    }

    private void disarmWaitTimerWhenIdle() {
        if (waitTimer == null) {
            return;
        }
        for (Lane lane : lanes.values()) {
            if (lane.pending > 0) {
                return;
            }
        }
        waitTimer.cancel();
        waitTimer = null;
    }

    private Lane lane(String model) {
        Lane lane = lanes.get(model);
        if (lane == null) {
            ModelHolder h = registry.holder(model);
            if (h == null || h.get() == null) {
                return null;
            }
            lane = new Lane(model, h, config.batchSize(), keyCache);
            lanes.put(model, lane);
        } else if (lane.stale()) {
            flush(lane);
            lane.use(lane.holder.get(), config.batchSize());
        }
        return lane;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata md = context.recordMetadata().orElse(null);
        String topic = md == null ? "" : md.topic();
        int partition = md == null ? -1 : md.partition();
        long offset = md == null ? -1 : md.offset();
        byte[] value = record.value();
        if (value == null) {
            dead(record.key(), null, DeadLetterReason.NULL_VALUE, "record has no value", record.timestamp(), topic, partition, offset);
            return;
        }
        if (value.length > config.maxRecordBytes()) {
            dead(record.key(), value, DeadLetterReason.TOO_LARGE, value.length + " bytes exceed recon.max.record.bytes="
                    + config.maxRecordBytes(), record.timestamp(), topic, partition, offset);
            return;
        }
        String model = router.route(topic, value, record.key());
        Lane lane = model == null ? null : lane(model);
        if (lane == null) {
            dead(record.key(), value, DeadLetterReason.NO_MODEL, model == null ? "no route matches the record and "
                    + "recon.route.fallback=none" : "model " + model + " is not loaded", record.timestamp(), topic, partition, offset);
            return;
        }
        InputShape shape = lane.scorer.model().contract().inputShape();
        int slot = lane.pending;
        boolean windowed = shape.layout() == InputShape.Layout.WINDOW;
        RecordParser parser = lane.parser;
        boolean ok = windowed ? parser.parse(value, lane.row, 0) : parser.parse(value, lane.scorer.staging, slot * lane.scorer.inputSize());
        if (!ok) {
            dead(record.key(), value, parser.error, parser.detail, record.timestamp(), topic, partition, offset);
            return;
        }
        String key = parser.key != null ? parser.key
                : record.key() != null ? keyCache.get(record.key()) : "-";
        if (windowed) {
            String stateKey = lane.model + '\u0000' + key;
            byte[] state = WindowState.append(windows.get(stateKey), lane.row, shape.window(), lane.row.length);
            windows.put(stateKey, state);
            if (!WindowState.full(state, shape.window())) {
                return; // warming up: the key's window is not full yet
            }
            WindowState.copy(state, shape.window(), lane.row.length, lane.scorer.staging, slot * lane.scorer.inputSize());
        }
        if (lane.pending == 0) {
            lane.oldestPendingNanos = System.nanoTime();
            armWaitTimer();
        }
        lane.keys[slot] = key;
        lane.rawKeys[slot] = record.key();
        lane.rawValues[slot] = value;
        lane.recordTimes[slot] = record.timestamp();
        lane.eventTimes[slot] = parser.hasTimestamp ? parser.timestamp : record.timestamp();
        lane.topics[slot] = topic;
        lane.partitions[slot] = partition;
        lane.offsets[slot] = offset;
        lane.headers[slot] = record.headers();
        lane.pending++;
        if (lane.pending == lane.scorer.capacity()) {
            flush(lane);
            disarmWaitTimerWhenIdle();
        }
    }

    /** Called by Kafka Streams (through {@link CommitFlushStore}) before it commits. */
    private void flushOnCommit() {
        InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
        ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
        internal.setCurrentNode(node);
        try {
            for (Lane lane : lanes.values()) {
                flush(lane);
            }
            disarmWaitTimerWhenIdle();
        } finally {
            internal.setCurrentNode(previous);
        }
    }

    private void flush(Lane lane) {
        int n = lane.pending;
        if (n == 0) {
            return;
        }
        lane.pending = 0;
        ModelContract c = lane.scorer.model().contract();
        try {
            metrics.inference(lane.scorer.run(n));
        } catch (Exception e) {
            LOG.error("inference failed for a batch of {}; sending it to the dead-letter topic: {}", n, e.getMessage());
            for (int i = 0; i < n; i++) {
                dead(lane.rawKeys[i], lane.rawValues[i], DeadLetterReason.SCORING_FAILED, String.valueOf(e.getMessage()),
                        lane.recordTimes[i], lane.topics[i], lane.partitions[i], lane.offsets[i]);
            }
            lane.clearRefs(n);
            return;
        }
        double threshold = c.threshold().value();
        int f = lane.scorer.features();
        float[] scores = lane.scorer.scores;
        int anomalous = 0;
        for (int i = 0; i < n; i++) {
            float score = scores[i];
            boolean anomaly = score > threshold;
            byte[] outKey = lane.rawKeys[i] != null ? lane.rawKeys[i] : lane.keys[i].getBytes(StandardCharsets.UTF_8);
            // the input's headers travel on (trace context), and no new header set is allocated per record
            context.forward(new Record<>(outKey, json.scored(lane.keys[i], lane.eventTimes[i], score, threshold, anomaly, c),
                    lane.recordTimes[i], lane.headers[i]), ScoringTopology.SCORES_SINK);
            if (anomaly) {
                anomalous++;
            }
            AlertTracker.Transition t = alerts.observe(lane.keys[i], lane.eventTimes[i], anomaly);
            if (t != AlertTracker.Transition.NONE) {
                boolean firing = t == AlertTracker.Transition.FIRING;
                JsonOut.topK(lane.scorer.featureErrors, i * f, f, top);
                context.forward(new Record<>(outKey, json.alert(lane.keys[i], lane.eventTimes[i], firing, score, threshold, c,
                        top, lane.scorer.featureErrors, i * f), lane.recordTimes[i]), ScoringTopology.ALERTS_SINK);
                metrics.alert(lane.keys[i], firing);
            }
        }
        metrics.scored(c.modelName(), scores, n, anomalous, scratch);
        lane.clearRefs(n);
    }

    private void dead(byte[] key, byte[] value, DeadLetterReason reason, String detail, long timestamp, String topic,
            int partition, long offset) {
        context.forward(deadLetters.record(key, value, reason, detail, timestamp, topic, partition, offset),
                ScoringTopology.DLQ_SINK);
    }

    @Override
    public void close() {
        // a clean shutdown commits first, which flushes through the commit hook; nothing is pending here
    }
}
