package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under a crash: a `recon serve` process is killed with SIGKILL in the middle of the
 * stream (records waiting in its micro-batches, a transaction open), a new one takes over, and every
 * record still appears exactly once among the committed scores.
 */
class CrashRecoveryIT {
    @Test
    void aKilledScorerLosesAndDuplicatesNothing() throws Exception {
        Path work = Files.createTempDirectory("recon-crash-it");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path csv = DataGenerator.correlatedCsv(work, 4000, 4, 0.0, 81);
            TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(work.resolve("m"))
                    .setTraining(new TrainConfig(3, 64, 3e-3, 0.2, 5, 1)).optModelName("crash").optModelVersion("v1")
                    .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false))
                    .optThreshold(ThresholdCalibrator.Method.quantile(0.99)).build(), ProgressListener.NONE);
            FeatureTable t = DataLoader.load(csv, ReadOptions.defaults());
            kafka.createTopics(2, "crash.records");
            kafka.awaitLeaders(Duration.ofSeconds(30), "crash.records");

            Process first = serve(kafka, work, "a");
            List<String[]> records = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                String key = "k" + (i % 7);
                records.add(new String[] {key, StreamFixture.record(key, 10_000L + i, t.featureNames(), t.rows()[i])});
            }
            // first half while the first process runs, then kill it hard in the middle of the second half
            StreamFixture.produce(kafka, "crash.records", records.subList(0, 2000));
            waitForScores(kafka, 500);
            StreamFixture.produce(kafka, "crash.records", records.subList(2000, 3000));
            first.destroyForcibly().waitFor();
            StreamFixture.produce(kafka, "crash.records", records.subList(3000, records.size()));
            Process second = serve(kafka, work, "b");
            try {
                List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "crash.scores", t.size(),
                        Duration.ofSeconds(120));
                Set<Long> seen = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : scores) {
                    JsonNode s = Json.mapper().readTree(r.value());
                    assertTrue(seen.add(s.get("timestamp").asLong()), "duplicate score for " + s.get("timestamp"));
                }
                assertEquals(t.size(), scores.size(), "every record scored exactly once across the crash");
            } finally {
                second.destroy();
                second.waitFor();
            }
        } finally {
            io.recon.testkit.TempDirs.delete(work);
        }
    }

    private static void waitForScores(EmbeddedKafka kafka, int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> got = StreamFixture.read(kafka, "crash.scores", atLeast, Duration.ofSeconds(90));
        assertTrue(got.size() >= atLeast, "the first process scored " + got.size());
    }

    private static Process serve(EmbeddedKafka kafka, Path work, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.recon.cli.Main", "serve",
                "--bootstrap", kafka.bootstrapServers(), "--model", work.resolve("m").toString(), "--input-topics", "crash.records",
                "--scores-topic", "crash.scores", "--alerts-topic", "crash.alerts", "--dlq-topic", "crash.dlq",
                "--application-id", "crash-app", "--metrics-port", "0", "--state-dir", work.resolve("state-" + name).toString(),
                "--batch-size", "256", "--batch-wait-ms", "50",
                // the killed member's partitions move on after the session timeout: keep it short
                "--kafka", "main.consumer.session.timeout.ms=6000", "--kafka", "main.consumer.heartbeat.interval.ms=1000");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("serve-" + name + ".log").toFile())
                .start();
    }
}
