package io.recon.streaming.topology;

import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.OnnxModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Parses input records into a micro-batch and scores it with one ONNX Runtime call when it is full,
 * when the oldest record has waited {@code batchWaitMs}, or when Kafka Streams prepares a commit
 * (so no offset is committed ahead of its outputs). Windowed models keep the last W rows per key in
 * a changelogged store and score once a key's window is full.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final ServeConfig config;
    private final ModelHolder models;
    private final ReconMetrics metrics;
    private final DeadLetters deadLetters;
    private final JsonOut json = new JsonOut();

    private ProcessorContext<byte[], byte[]> context;
    private ProcessorNode<?, ?, ?, ?> node;
    private KeyValueStore<String, byte[]> windows;
    private AlertTracker alerts;

    private BatchScorer scorer;
    private RecordParser parser;
    private float[] row;
    private int[] top;
    private int pending;
    private long oldestPendingNanos;
    private String[] keys;
    private byte[][] rawKeys;
    private byte[][] rawValues;
    private long[] eventTimes;
    private long[] recordTimes;
    private String[] topics;
    private int[] partitions;
    private long[] offsets;

    ScoringProcessor(ServeConfig config, ModelHolder models, ReconMetrics metrics) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
        this.deadLetters = new DeadLetters(config.dlqMaxBytes(), metrics);
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
        int cap = config.batchSize();
        keys = new String[cap];
        rawKeys = new byte[cap][];
        rawValues = new byte[cap][];
        eventTimes = new long[cap];
        recordTimes = new long[cap];
        topics = new String[cap];
        partitions = new int[cap];
        offsets = new long[cap];
        top = new int[config.topFeatures()];
        useModel(models.get());
        ctx.schedule(Duration.ofMillis(config.batchWaitMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (pending > 0 && System.nanoTime() - oldestPendingNanos >= config.batchWaitMs() * 1_000_000L) {
                flush();
            }
        });
    }

    private void useModel(OnnxModel model) {
        scorer = new BatchScorer(model, config.batchSize());
        parser = new RecordParser(model.contract().features());
        row = new float[model.contract().inputShape().featuresPerRecord()];
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (models.get() != scorer.model()) {
            flush();
            useModel(models.get());
        }
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
        ModelContract c = scorer.model().contract();
        InputShape shape = c.inputShape();
        int slot = pending;
        boolean windowed = shape.layout() == InputShape.Layout.WINDOW;
        boolean ok = windowed ? parser.parse(value, row, 0) : parser.parse(value, scorer.staging, slot * scorer.inputSize());
        if (!ok) {
            dead(record.key(), value, parser.error, parser.detail, record.timestamp(), topic, partition, offset);
            return;
        }
        String key = parser.key != null ? parser.key
                : record.key() != null ? new String(record.key(), StandardCharsets.UTF_8) : "-";
        if (windowed) {
            byte[] state = WindowState.append(windows.get(key), row, shape.window(), row.length);
            windows.put(key, state);
            if (!WindowState.full(state, shape.window())) {
                return; // warming up: the key's window is not full yet
            }
            WindowState.copy(state, shape.window(), row.length, scorer.staging, slot * scorer.inputSize());
        }
        if (pending == 0) {
            oldestPendingNanos = System.nanoTime();
        }
        keys[slot] = key;
        rawKeys[slot] = record.key();
        rawValues[slot] = value;
        recordTimes[slot] = record.timestamp();
        eventTimes[slot] = parser.hasTimestamp ? parser.timestamp : record.timestamp();
        topics[slot] = topic;
        partitions[slot] = partition;
        offsets[slot] = offset;
        pending++;
        if (pending == scorer.capacity()) {
            flush();
        }
    }

    /** Called by Kafka Streams (through {@link CommitFlushStore}) before it commits. */
    private void flushOnCommit() {
        if (pending == 0) {
            return;
        }
        InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
        ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
        internal.setCurrentNode(node);
        try {
            flush();
        } finally {
            internal.setCurrentNode(previous);
        }
    }

    private void flush() {
        int n = pending;
        if (n == 0) {
            return;
        }
        pending = 0;
        ModelContract c = scorer.model().contract();
        try {
            metrics.inference(scorer.run(n));
        } catch (Exception e) {
            LOG.error("inference failed for a batch of {}; sending it to the dead-letter topic: {}", n, e.getMessage());
            for (int i = 0; i < n; i++) {
                dead(rawKeys[i], rawValues[i], DeadLetterReason.SCORING_FAILED, String.valueOf(e.getMessage()),
                        recordTimes[i], topics[i], partitions[i], offsets[i]);
            }
            clearRefs(n);
            return;
        }
        double threshold = c.threshold().value();
        int f = scorer.features();
        for (int i = 0; i < n; i++) {
            float score = scorer.scores[i];
            boolean anomaly = score > threshold;
            byte[] outKey = rawKeys[i] != null ? rawKeys[i] : keys[i].getBytes(StandardCharsets.UTF_8);
            context.forward(new Record<>(outKey, json.scored(keys[i], eventTimes[i], score, threshold, anomaly, c),
                    recordTimes[i]), ScoringTopology.SCORES_SINK);
            metrics.score(score);
            if (anomaly) {
                metrics.anomaly();
            }
            AlertTracker.Transition t = alerts.observe(keys[i], eventTimes[i], anomaly);
            if (t != AlertTracker.Transition.NONE) {
                boolean firing = t == AlertTracker.Transition.FIRING;
                JsonOut.topK(scorer.featureErrors, i * f, f, top);
                context.forward(new Record<>(outKey, json.alert(keys[i], eventTimes[i], firing, score, threshold, c, top,
                        scorer.featureErrors, i * f), recordTimes[i]), ScoringTopology.ALERTS_SINK);
                metrics.alert(keys[i], firing);
            }
        }
        metrics.scored(n);
        clearRefs(n);
    }

    private void clearRefs(int n) {
        for (int i = 0; i < n; i++) {
            keys[i] = null;
            rawKeys[i] = null;
            rawValues[i] = null;
            topics[i] = null;
        }
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
