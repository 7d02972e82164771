package io.recon.streaming.topology;

import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.pipeline.PipelineConfig;
import io.recon.streaming.scoring.ModelRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
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

    private ScoringTopology() {}

    /**
     * @param scoring runs batches' parsing, inference and output formatting (the service's scoring threads;
     *     a caller-runs executor in tests)
     */
    public static Topology build(ServeConfig config, ModelRegistry models, ReconMetrics metrics,
            java.util.concurrent.Executor scoring) {
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
}
