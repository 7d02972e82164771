package io.recon.streaming.topology;

import io.recon.streaming.assembly.Assembler;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.assembly.Counters;
import io.recon.streaming.assembly.SampleBatch;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka Streams side of the assembly, kept thin: each entity's samples (from the repartition topic) go into
 * an {@link Assembler}; vectors and dead letters go on to the scoring processor. Entity states live in memory and
 * are written to the changelogged store {@value ScoringTopology#ASSEMBLY_STORE} before each commit (through
 * {@link CommitHook}), so state, outputs and offsets commit together; a restarted task reads them back.
 */
final class AssemblyProcessor implements Processor<byte[], byte[], byte[], Object>, Assembler.Output {
    private final AssemblyConfig config;
    private final ModelRegistry models;
    private final ReconMetrics metrics;
    /** The served models' counter features (their {@code rate(X)}), looked up again every few seconds. */
    private Set<String> modelCounters = Set.of();
    private long countersAt = Long.MIN_VALUE;
    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<String, byte[]> store;
    private Assembler assembler;
    private Headers origin;
    private int filled;

    AssemblyProcessor(AssemblyConfig config, ModelRegistry models, ReconMetrics metrics) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> ctx) {
        this.context = ctx;
        this.store = ctx.getStateStore(ScoringTopology.ASSEMBLY_STORE);
        // the task's wall clock (a test driver's mock in tests)
        this.assembler = new Assembler(config, ctx::currentSystemTimeMs, f -> modelCounters.contains(f));
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> assembler.restore(kv.key, kv.value));
        }
        CommitHook.install(ctx, ScoringTopology.ASSEMBLY_HOOK_STORE, this::store);
        if (config.holdMs() > 0) {
            ctx.schedule(Duration.ofMillis(Math.max(100, config.holdMs() / 4)), PunctuationType.WALL_CLOCK_TIME,
                    now -> assembler.tick(this));
        }
    }

    /** Reads the served models' counter features again when they may have changed (a model swap). */
    private void refreshCounters() {
        long now = System.nanoTime();
        if (countersAt != Long.MIN_VALUE && now - countersAt < 2_000_000_000L) {
            return;
        }
        countersAt = now;
        Set<String> c = new HashSet<>();
        for (String name : models.names()) {
            ModelHolder h = models.holder(name);
            ModelVersion v = h == null ? null : h.acquire();
            if (v != null) {
                try {
                    c.addAll(Counters.ofFeatures(v.contract().features()));
                } finally {
                    v.release();
                }
            }
        }
        modelCounters = c;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        refreshCounters();
        origin = record.headers();
        if (Origin.isIdle(origin)) {
            assembler.sourceIdle(Origin.topic(origin) + "-" + Origin.partition(origin), this);
            return;
        }
        DeadLetterReason dead = Origin.deadReason(origin);
        if (dead != null) {
            byte[] key = Origin.key(origin, record.key());
            context.forward(new Record<>(key, deadLetter(key, record.value(), dead, Origin.text(origin, Origin.DETAIL)),
                    record.timestamp()));
            return;
        }
        String entity = new String(record.key(), StandardCharsets.UTF_8);
        List<SampleBatch.Sample> samples;
        try {
            samples = SampleBatch.decode(record.value());
        } catch (IllegalArgumentException e) {
            context.forward(new Record<>(record.key(), deadLetter(record.key(), record.value(), DeadLetterReason.SCORING_FAILED,
                    "samples from the repartition topic: " + e.getMessage()), record.timestamp()));
            return;
        }
        assembler.accept(entity, Origin.topic(origin) + "-" + Origin.partition(origin), samples, this);
    }

    private Object deadLetter(byte[] key, byte[] value, DeadLetterReason reason, String detail) {
        return new DeadLetter(key, value, reason, detail, Origin.topic(origin), Origin.partition(origin), Origin.offset(origin));
    }

    @Override
    public void vector(FeatureVector v) {
        metrics.vectorAssembled(filled);
        filled = 0;
        context.forward(new Record<>(v.key().getBytes(StandardCharsets.UTF_8), v, v.timestamp()));
    }

    @Override
    public void deadLetter(String entity, Rejection why, byte[] samples) {
        byte[] key = entity.getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, deadLetter(key, samples, why.reason(), why.detail()), context.currentStreamTimeMs()));
    }

    @Override
    public void warming(String entity) {
        metrics.stepWarming();
    }

    @Override
    public void filled(int n) {
        filled = n;
    }

    /** Writes the entities changed since the last commit to the store (a null state deletes). */
    private void store() {
        for (Map.Entry<String, byte[]> e : assembler.drainChanged().entrySet()) {
            if (e.getValue() == null) {
                store.delete(e.getKey());
            } else {
                store.put(e.getKey(), e.getValue());
            }
        }
    }
}
