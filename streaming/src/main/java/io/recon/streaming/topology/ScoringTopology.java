package io.recon.streaming.topology;

import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.pipeline.PipelineConfig;
import io.recon.streaming.scoring.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer's topology: input topics, one scoring processor (micro-batched ONNX Runtime inference,
 * window and alert state), and three sinks.
 *
 * <pre>
 * records ─> score ─┬─> recon.scores
 *                   ├─> recon.alerts
 *                   └─> recon.dlq
 * </pre>
 *
 * With shipper formats (Telegraf, Prometheus, OTLP) the samples are first decoded and brought together by
 * entity through a repartition topic, then assembled into vectors (one per entity and step) for the scoring
 * processor; recon-json and avro topics, if any, go straight to it (the scoring step reads both, each by its own
 * reader, on the scoring threads):
 *
 * <pre>
 * metrics ─> decode ─> [APP-samples-repartition] ─> assemble ─┐
 * records (recon-json, avro) ─────────────────────────────────┴─> score ─┬─> scores, alerts, dlq
 * </pre>
 */
public final class ScoringTopology {
    public static final String SOURCE = "records";
    public static final String PROCESSOR = "score";
    public static final String SCORES_SINK = "scores-sink";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String DLQ_SINK = "dlq-sink";
    static final String COMMIT_HOOK_STORE = "recon-commit-hook";
    static final String WINDOW_STORE = "recon-windows";
    static final String ALERT_STORE = "recon-alert-state";
    static final String CALIBRATION_STORE = "recon-calibration";
    static final String ASSEMBLY_STORE = "recon-assembly";
    static final String ASSEMBLY_HOOK_STORE = "recon-assembly-commit-hook";
    /** The repartition topic of samples is {@code <application id>-samples-repartition}. */
    public static final String SAMPLES = "samples";

    private ScoringTopology() {}

    /**
     * @param scoring runs batches' parsing, inference and output formatting (the service's scoring threads;
     *     a caller-runs executor in tests)
     */
    public static Topology build(ServeConfig config, ModelRegistry models, ReconMetrics metrics, Executor scoring) {
        return build(config, models, metrics, scoring, InputProgress.NONE);
    }

    /** @param progress where the input partitions end, for the shipper formats' decoding tasks */
    public static Topology build(ServeConfig config, ModelRegistry models, ReconMetrics metrics, Executor scoring,
            InputProgress progress) {
        if (!config.shipperTopics().isEmpty()) {
            return withAssembly(config, models, metrics, scoring, progress);
        }
        Topology t = new Topology();
        t.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.inputTopics().toArray(new String[0]));
        PipelineConfig pipeline = config.pipeline();
        t.addProcessor(PROCESSOR, () -> new ScoringProcessor(pipeline, config.dlqMaxBytes(), models, metrics, scoring), SOURCE);
        t.addStateStore(CommitHook.builder(COMMIT_HOOK_STORE), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WINDOW_STORE), Serdes.String(),
                Serdes.ByteArray()), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ALERT_STORE), Serdes.String(),
                Serdes.ByteArray()), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CALIBRATION_STORE), Serdes.String(),
                Serdes.ByteArray()), PROCESSOR);
        t.addSink(SCORES_SINK, config.scoresTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        t.addSink(ALERTS_SINK, config.alertsTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        t.addSink(DLQ_SINK, config.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        return t;
    }

    /**
     * The topology with shipper formats: their records are decoded, repartitioned by entity and assembled; the
     * vectors, and recon-json and avro records (read by the scoring step itself), then scored.
     */
    private static Topology withAssembly(ServeConfig config, ModelRegistry models, ReconMetrics metrics, Executor scoring,
            InputProgress progress) {
        StreamsBuilder b = new StreamsBuilder();
        Serde<byte[]> bytes = Serdes.ByteArray();
        Map<String, List<String>> topicsByFormat = new TreeMap<>();
        config.inputFormats().forEach((topic, format) -> topicsByFormat.computeIfAbsent(format, f -> new ArrayList<>()).add(topic));
        KStream<byte[], byte[]> samples = null;
        KStream<byte[], Object> toScore = null;
        for (Map.Entry<String, List<String>> e : topicsByFormat.entrySet()) {
            String format = e.getKey();
            KStream<byte[], byte[]> in = b.stream(e.getValue(), Consumed.with(bytes, bytes).withName(SOURCE + "-" + format));
            KStream<byte[], Object> direct = null;
            if (!InputFormats.perSample(format)) {
                direct = cast(in); // recon-json and avro: read by the scoring step itself
            } else {
                List<String> formatTopics = e.getValue();
                KStream<byte[], byte[]> decoded = in.process(() -> new DecodeProcessor(format, formatTopics, progress,
                        config.inputSettings(), metrics), Named.as("decode-" + format));
                samples = samples == null ? decoded : samples.merge(decoded, Named.as("merge-" + format));
            }
            if (direct != null) {
                toScore = toScore == null ? direct : toScore.merge(direct, Named.as("merge-" + format));
            }
        }
        if (samples != null) {
            b.addStateStore(CommitHook.builder(ASSEMBLY_HOOK_STORE));
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ASSEMBLY_STORE), Serdes.String(),
                    Serdes.ByteArray()));
            KStream<byte[], Object> vectors = samples.repartition(Repartitioned.with(bytes, bytes).withName(SAMPLES)
                    .withStreamPartitioner(new SamplePartitioner()))
                    .process(() -> new AssemblyProcessor(config.assembly(), models, metrics), Named.as("assemble"), ASSEMBLY_STORE,
                            ASSEMBLY_HOOK_STORE);
            toScore = toScore == null ? vectors : vectors.merge(toScore, Named.as("merge-json"));
        }
        b.addStateStore(CommitHook.builder(COMMIT_HOOK_STORE));
        for (String store : List.of(WINDOW_STORE, ALERT_STORE, CALIBRATION_STORE)) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray()));
        }
        PipelineConfig pipeline = config.pipeline();
        KStream<byte[], byte[]> out = toScore.process(() -> new ScoringProcessor(pipeline, config.dlqMaxBytes(), models, metrics,
                scoring), Named.as(PROCESSOR), COMMIT_HOOK_STORE, WINDOW_STORE, ALERT_STORE, CALIBRATION_STORE);
        out.to(config.scoresTopic(), Produced.with(bytes, bytes).withName(SCORES_SINK));
        out.to(config.alertsTopic(), Produced.with(bytes, bytes).withName(ALERTS_SINK));
        out.to(config.dlqTopic(), Produced.with(bytes, bytes).withName(DLQ_SINK));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static KStream<byte[], Object> cast(KStream<byte[], byte[]> s) {
        return (KStream<byte[], Object>) (KStream<?, ?>) s;
    }
}
