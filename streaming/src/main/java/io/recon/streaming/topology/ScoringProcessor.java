package io.recon.streaming.topology;

import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.pipeline.PipelineConfig;
import io.recon.streaming.pipeline.ScoredBatch;
import io.recon.streaming.pipeline.ScoringPipeline;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.state.StateWrite;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka Streams side of scoring, kept thin: records go into a {@link ScoringPipeline} (one per task),
 * scored batches come out and are forwarded to the scores, alerts and dead-letter sinks, with the
 * per-key state they changed written to the changelogged stores. A wall-clock punctuation sends a
 * partial batch on after {@code batchWaitMs}, and {@link CommitHook} flushes the pipeline before each
 * commit, so no offset is committed ahead of its outputs.
 */
final class ScoringProcessor implements Processor<byte[], Object, byte[], byte[]> {
    private final PipelineConfig config;
    private final ModelRegistry registry;
    private final ReconMetrics metrics;
    private final Executor scoring;
    private final DeadLetters deadLetters;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> alerts;
    private KeyValueStore<String, byte[]> calibration;
    /** Each record's Kafka headers travel with it and come back with its result. */
    private ScoringPipeline<Headers> pipeline;
    private Cancellable waitTimer;

    ScoringProcessor(PipelineConfig config, int dlqMaxBytes, ModelRegistry registry, ReconMetrics metrics, Executor scoring) {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.scoring = scoring;
        this.deadLetters = new DeadLetters(dlqMaxBytes, metrics);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        windows = ctx.getStateStore(ScoringTopology.WINDOW_STORE);
        alerts = ctx.getStateStore(ScoringTopology.ALERT_STORE);
        calibration = ctx.getStateStore(ScoringTopology.CALIBRATION_STORE);
        pipeline = new ScoringPipeline<>(config, registry, metrics, scoring, System::nanoTime, this::forward);
        try (KeyValueIterator<String, byte[]> all = windows.all()) {
            all.forEachRemaining(kv -> pipeline.restoreWindow(kv.key, kv.value));
        }
        try (KeyValueIterator<String, byte[]> all = alerts.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> kv) -> pipeline.restoreAlert(kv.key, kv.value));
        }
        try (KeyValueIterator<String, byte[]> all = calibration.all()) {
            all.forEachRemaining(kv -> pipeline.restoreCalibration(kv.key, kv.value));
        }
        CommitHook.install(ctx, ScoringTopology.COMMIT_HOOK_STORE, () -> {
            pipeline.flush();
            disarmWhenIdle();
        });
    }

    /**
     * Takes a raw input record (bytes), an assembled vector ({@link FeatureVector}, shipper formats) or a dead letter
     * decided upstream ({@link DeadLetter}: sent on at once).
     */
    @Override
    public void process(Record<byte[], Object> record) {
        Object value = record.value();
        if (value instanceof DeadLetter d) {
            context.forward(deadLetters.record(d.key(), d.value(), d.reason(), d.detail(), record.timestamp(), d.topic(),
                    d.partition(), d.offset()), ScoringTopology.DLQ_SINK);
            return;
        }
        RecordMetadata md = context.recordMetadata().orElse(null);
        boolean wasFilling = pipeline.filling();
        String topic = md == null || md.topic() == null ? "" : md.topic(); // none in a punctuation
        int partition = md == null ? -1 : md.partition();
        long offset = md == null ? -1 : md.offset();
        boolean submitted = value instanceof FeatureVector v
                ? pipeline.add(record.key(), v, record.timestamp(), topic, partition, offset)
                : pipeline.add(record.key(), (byte[]) value, record.timestamp(), topic, partition, offset, record.headers());
        if (submitted) {
            // under steady load batches fill before the wait is over: push the timer a whole wait ahead so that
            // it fires only once input pauses (each punctuation makes Kafka Streams halve its records per loop)
            cancelTimer();
            armTimer();
        } else if (!wasFilling) {
            armTimer();
        }
    }

    private void armTimer() {
        if (waitTimer == null) {
            waitTimer = context.schedule(Duration.ofMillis(pipeline.waitMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
                pipeline.poll();
                disarmWhenIdle();
            });
        }
    }

    private void cancelTimer() {
        if (waitTimer != null) {
            waitTimer.cancel();
            waitTimer = null;
        }
    }

    private void disarmWhenIdle() {
        if (pipeline.idle()) {
            cancelTimer();
        }
    }

    /** Sends one scored batch on: state changes to the stores, then each record's outputs in input order. */
    private void forward(ScoredBatch<Headers> b) {
        for (StateWrite w : b.stateWrites()) {
            KeyValueStore<String, byte[]> store = switch (w.store()) {
                case WINDOWS -> windows;
                case ALERTS -> alerts;
                case CALIBRATION -> calibration;
            };
            if (w.value() == null) {
                store.delete(w.key());
            } else {
                store.put(w.key(), w.value());
            }
        }
        for (int i = 0; i < b.size(); i++) {
            switch (b.kind(i)) {
                case SCORED -> {
                    // the input's headers travel on (trace context; Kafka Streams' Record takes a copy of them)
                    Headers h = b.attachment(i);
                    context.forward(h == null ? new Record<>(b.outKey(i), b.scored(i), b.timestamp(i))
                            : new Record<>(b.outKey(i), b.scored(i), b.timestamp(i), h), ScoringTopology.SCORES_SINK);
                    if (b.alert(i) != null) {
                        context.forward(new Record<>(b.outKey(i), b.alert(i), b.timestamp(i)), ScoringTopology.ALERTS_SINK);
                    }
                }
                case DEAD -> context.forward(deadLetters.record(b.inputKey(i), b.inputValue(i), b.reason(i), b.detail(i),
                        b.timestamp(i), b.topic(i), b.partition(i), b.offset(i)), ScoringTopology.DLQ_SINK);
                case WARMING -> { } // taken into its key's window: nothing to send yet
            }
            if (b.seriesAlert(i) != null) { // a dropped series fired (its record a dead letter) or resolved
                context.forward(new Record<>(b.outKey(i), b.seriesAlert(i), b.timestamp(i)), ScoringTopology.ALERTS_SINK);
            }
        }
    }

    @Override
    public void close() {
        // a clean shutdown commits first, which flushed the pipeline through the commit hook; this waits for
        // any batch still with a scoring thread and lets go of its model versions
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
