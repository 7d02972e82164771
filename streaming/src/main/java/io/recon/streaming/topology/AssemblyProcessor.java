package io.recon.streaming.topology;

import io.recon.streaming.assembly.Assembler;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.assembly.SampleBatch;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
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
    private final ReconMetrics metrics;
    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<String, byte[]> store;
    private Assembler assembler;
    private Headers origin;
    private int filled;

    AssemblyProcessor(AssemblyConfig config, ReconMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> ctx) {
        this.context = ctx;
        this.store = ctx.getStateStore(ScoringTopology.ASSEMBLY_STORE);
        this.assembler = new Assembler(config, System::currentTimeMillis);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> assembler.restore(kv.key, kv.value));
        }
        CommitHook.install(ctx, ScoringTopology.ASSEMBLY_HOOK_STORE, this::store);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        origin = record.headers();
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
        assembler.accept(entity, samples, this);
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
