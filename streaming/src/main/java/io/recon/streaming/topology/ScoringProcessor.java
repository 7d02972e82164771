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
import java.util.concurrent.Executor;
import org.apache.kafka.streams.processor.Cancellable;
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
 * Routes each input record to its model's micro-batch ({@link Lane}, {@link Batch}). A batch goes to a
 * scoring thread (parsing, one ONNX Runtime call, the scored records' JSON) when it is full, when its
 * oldest record has waited {@code batchWaitMs}, or when Kafka Streams prepares a commit; the stream
 * thread sends the results on in input order, keeps the alert state and forwards everything, and before
 * each commit waits for every batch in flight (so no offset is committed ahead of its outputs).
 * Windowed models keep the last W rows per key in a changelogged store, so their records are parsed on
 * the stream thread and scored once a key's window is full.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final ServeConfig config;
    private final ModelRegistry registry;
    private final ReconMetrics metrics;
    private final Executor scoring;
    private final DeadLetters deadLetters;
    private final JsonOut json = new JsonOut();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final long[] scratch;

    private ProcessorContext<byte[], byte[]> context;
    private ProcessorNode<?, ?, ?, ?> node;
    private KeyValueStore<String, byte[]> windows;
    private AlertTracker alerts;
    private Router router;
    private int[] top;
    private Cancellable waitTimer;
    private int inFlight;

    ScoringProcessor(ServeConfig config, ModelRegistry registry, ReconMetrics metrics, Executor scoring) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.scoring = scoring;
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
     * The batch-wait timer: armed while a batch is filling or in flight, cancelled once all are sent on.
     * It fires only when a batch has waited {@code batchWaitMs}; that matters because each punctuation
     * makes Kafka Streams halve the records it processes per loop.
     */
    private void armWaitTimer() {
        if (waitTimer == null) {
            waitTimer = context.schedule(Duration.ofMillis(config.batchWaitMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
                long due = System.nanoTime() - config.batchWaitMs() * 1_000_000L;
                for (Lane lane : lanes.values()) {
                    if (lane.filling.n > 0 && lane.filling.oldestNanos <= due) {
                        submit(lane);
                    }
                    drain(lane, true);
                }
                disarmWaitTimerWhenIdle();
            });
        }
    }

    private void disarmWaitTimerWhenIdle() {
        if (waitTimer == null || inFlight > 0 || anyFilling(null)) {
            return;
        }
        waitTimer.cancel();
        waitTimer = null;
    }

    /** True when a lane other than {@code except} has a batch filling. */
    private boolean anyFilling(Lane except) {
        for (Lane lane : lanes.values()) {
            if (lane != except && lane.filling.n > 0) {
                return true;
            }
        }
        return false;
    }

    private Lane lane(String model) {
        Lane lane = lanes.get(model);
        if (lane == null) {
            ModelHolder h = registry.holder(model);
            if (h == null || h.get() == null) {
                return null;
            }
            lane = new Lane(model, h, config.batchSize());
            lanes.put(model, lane);
        } else if (lane.stale()) {
            submit(lane);
            drain(lane, true);
            lane.use(lane.holder.get());
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
        if (!lane.inFlight.isEmpty()) {
            drain(lane, false); // send on what the scoring thread has finished, without waiting
        }
        Batch b = lane.filling;
        if (lane.windowed && !addWindowed(lane, b, record, value, topic, partition, offset)) {
            return;
        }
        int i = b.n;
        if (i == 0) {
            b.oldestNanos = System.nanoTime();
            armWaitTimer();
        }
        b.rawKeys[i] = record.key();
        b.rawValues[i] = value;
        b.recordTimes[i] = record.timestamp();
        b.topics[i] = topic;
        b.partitions[i] = partition;
        b.offsets[i] = offset;
        b.headers[i] = record.headers();
        b.n = i + 1;
        if (b.n == b.capacity) {
            submit(lane);
            postponeWaitTimer(lane);
        }
    }

    /**
     * After a full batch: push the wait timer a whole wait ahead, unless another lane has a batch filling
     * (whose wait must not slip). Under steady load batches fill before the wait is over and the timer
     * never fires; it fires once input pauses, to send the last partial batch on.
     */
    private void postponeWaitTimer(Lane submitted) {
        if (waitTimer == null || anyFilling(submitted)) {
            return;
        }
        waitTimer.cancel();
        waitTimer = null;
        armWaitTimer();
    }

    /** Windowed models: parse here, keep the key's window, and add the record only once the window is full. */
    private boolean addWindowed(Lane lane, Batch b, Record<byte[], byte[]> record, byte[] value, String topic, int partition,
            long offset) {
        RecordParser parser = lane.parser;
        if (!parser.parse(value, lane.row, 0)) {
            dead(record.key(), value, parser.error, parser.detail, record.timestamp(), topic, partition, offset);
            return false;
        }
        String key = parser.key != null ? parser.key : record.key() != null ? parser.keyOf(record.key()) : "-";
        InputShape shape = lane.version.contract().inputShape();
        String stateKey = lane.model + '\u0000' + key;
        byte[] state = WindowState.append(windows.get(stateKey), lane.row, shape.window(), lane.row.length);
        windows.put(stateKey, state);
        if (!WindowState.full(state, shape.window())) {
            return false; // warming up: the key's window is not full yet
        }
        WindowState.copy(state, shape.window(), lane.row.length, b.scorer.staging, b.scored * b.scorer.inputSize());
        b.addParsed(key, parser.hasTimestamp ? parser.timestamp : record.timestamp());
        return true;
    }

    /** Hands the lane's filling batch to a scoring thread, first sending on the oldest if too many are in flight. */
    private void submit(Lane lane) {
        Batch b = lane.filling;
        if (b.n == 0) {
            return;
        }
        if (lane.inFlight.size() >= Lane.MAX_IN_FLIGHT) {
            emit(lane, lane.inFlight.poll());
        }
        lane.inFlight.add(b);
        inFlight++;
        lane.filling = lane.fresh();
        b.submit(scoring);
    }

    /** Sends on the lane's finished batches in order; with {@code wait}, waits for all of them. */
    private void drain(Lane lane, boolean wait) {
        Batch b;
        while ((b = lane.inFlight.peek()) != null && (wait || b.isDone())) {
            emit(lane, lane.inFlight.poll());
        }
    }

    /** Called by Kafka Streams (through {@link CommitFlushStore}) before it commits. */
    private void flushOnCommit() {
        InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
        ProcessorNode<?, ?, ?, ?> previous = internal.currentNode();
        internal.setCurrentNode(node);
        try {
            for (Lane lane : lanes.values()) {
                submit(lane);
                drain(lane, true);
            }
            disarmWaitTimerWhenIdle();
        } finally {
            internal.setCurrentNode(previous);
        }
    }

    /** Forwards a scored batch: dead letters, scored records, alerts; then the batch is reused. */
    private void emit(Lane lane, Batch b) {
        b.await();
        inFlight--;
        try {
            if (b.failure != null) {
                LOG.error("scoring failed for a batch of {}; sending it to the dead-letter topic: {}", b.n,
                        b.failure.getMessage());
            } else if (b.scored > 0) {
                metrics.inference(b.inferenceNanos);
            }
            ModelContract c = b.model().contract();
            double threshold = c.threshold().value();
            int f = b.scorer.features();
            for (int i = 0; i < b.n; i++) {
                int slot = b.slots[i];
                if (b.errors[i] != null || b.failure != null) {
                    dead(b.rawKeys[i], b.rawValues[i], b.errors[i] != null ? b.errors[i] : DeadLetterReason.SCORING_FAILED,
                            b.errors[i] != null ? b.details[i] : String.valueOf(b.failure.getMessage()), b.recordTimes[i],
                            b.topics[i], b.partitions[i], b.offsets[i]);
                    continue;
                }
                byte[] outKey = b.rawKeys[i] != null ? b.rawKeys[i] : b.keys[i].getBytes(StandardCharsets.UTF_8);
                // the input's headers travel on (trace context; Kafka Streams' Record takes a copy of them)
                context.forward(new Record<>(outKey, b.outputs[i], b.recordTimes[i], b.headers[i]), ScoringTopology.SCORES_SINK);
                AlertTracker.Transition t = alerts.observe(b.keys[i], b.eventTimes[i], b.anomalous[i]);
                if (t != AlertTracker.Transition.NONE) {
                    boolean firing = t == AlertTracker.Transition.FIRING;
                    float score = b.scorer.scores[slot];
                    JsonOut.topK(b.scorer.featureErrors, slot * f, f, top);
                    context.forward(new Record<>(outKey, json.alert(b.keys[i], b.eventTimes[i], firing, score, threshold, c,
                            top, b.scorer.featureErrors, slot * f), b.recordTimes[i]), ScoringTopology.ALERTS_SINK);
                    metrics.alert(b.keys[i], firing);
                }
            }
            if (b.failure == null && b.scored > 0) {
                metrics.scored(c.modelName(), b.scorer.scores, b.scored, b.anomalies, scratch);
            }
        } finally {
            lane.recycle(b);
        }
    }

    private void dead(byte[] key, byte[] value, DeadLetterReason reason, String detail, long timestamp, String topic,
            int partition, long offset) {
        context.forward(deadLetters.record(key, value, reason, detail, timestamp, topic, partition, offset),
                ScoringTopology.DLQ_SINK);
    }

    @Override
    public void close() {
        // a clean shutdown commits first, which sends every batch on through the commit hook; wait for any
        // batch still with a scoring thread so that none outlives the task (their results are not sent)
        for (Lane lane : lanes.values()) {
            for (Batch b : lane.inFlight) {
                try {
                    b.await();
                } catch (RuntimeException e) {
                    // the task is closing: nothing more to do with it
                }
            }
        }
    }
}
