package io.recon.streaming.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.config.StreamsConfigFactory;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams commits after each record in TopologyTestDriver. With a one-minute batch wait, a batch
 * far from full and a real scoring thread, only the commit hook can have sent the records on: this test
 * fails if results pending before a commit are not written before it (e.g. after a Kafka upgrade that
 * stops flushing {@link CommitHook}).
 */
class CommitHookTest {
    @Test
    void pendingResultsAreWrittenBeforeEachCommit() throws Exception {
        Path dir = Path.of(getClass().getResource("/models/dense").toURI());
        ServeConfig config = ConfigLoader.load(Map.of("recon.bootstrap", "dummy:9092", "recon.model.dir", dir.toString(),
                "recon.state.dir", "target/hook-state", "recon.batch.wait.ms", "60000", "recon.batch.size", "256"), Map.of(),
                null);
        ModelRegistry registry = new ModelRegistry();
        registry.add(OnnxModel.load(dir, ScorerOptions.defaults()));
        ExecutorService scoring = Executors.newSingleThreadExecutor();
        try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(config, registry, new ReconMetrics(),
                scoring), StreamsConfigFactory.build(config))) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("recon.records", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> scores = driver.createOutputTopic("recon.scores", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("recon.dlq", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            for (int i = 1; i <= 3; i++) {
                in.pipeInput("k".getBytes(StandardCharsets.UTF_8),
                        ("{\"timestamp\":" + i + ",\"values\":[0.2,-0.1,3.05]}").getBytes(StandardCharsets.UTF_8));
                assertEquals(1, scores.readRecordsToList().size(), "record " + i + " is out by the commit that follows it");
            }
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), "{bad".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, dlq.readRecordsToList().size());
            assertTrue(scores.isEmpty());
        } finally {
            scoring.shutdownNow();
            registry.closeAll();
        }
    }
}
