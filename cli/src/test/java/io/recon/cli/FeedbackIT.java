package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.ReconService;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon feedback} on a real broker with a scorer following the feedback topic: the first alert of a pattern is
 * declared a false positive; its repeat raises no alert; something far worse still does; the verdict is counted.
 */
class FeedbackIT {
    @TempDir
    Path dir;

    @Test
    void aFalsePositiveVerdictStopsItsRepeats() throws Exception {
        Path csv = DataGenerator.correlatedCsv(dir, 1500, 4, 0.0, 61);
        Path model = dir.resolve("model");
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(model)
                .setTraining(new TrainConfig(10, 64, 3e-3, 0.2, 5, 1)).optRead(new ReadOptions("label", null, List.of()))
                .optModelName("fb").optModelVersion("v1")
                .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false)).build(), ProgressListener.NONE);
        FeatureTable t = DataLoader.load(csv, new ReadOptions("label", null, List.of()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "fb", dir.resolve("state"),
                        Map.of("recon.feedback.topic", "fb.feedback", "recon.alert.cooldown.ms", "5000",
                                "recon.alert.cooldown.records", "3")))) {
            List<String[]> records = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) { // 500 records a host: every host warm
                String key = "host-" + (i % 3);
                records.add(new String[] {key, StreamFixture.record(key, t.timestamps()[i], t.featureNames(), t.rows()[i])});
            }
            long last = t.timestamps()[t.size() - 1];
            records.add(new String[] {"host-0", StreamFixture.record("host-0", last + 60_000, t.featureNames(),
                    scaled(t.rows()[0], 3))});
            for (int i = 1; i <= 10; i++) { // quiet again: the alert resolves
                records.add(new String[] {"host-0", StreamFixture.record("host-0", last + 60_000 + i * 60_000L, t.featureNames(),
                        t.rows()[i * 3])});
            }
            StreamFixture.produce(kafka, "fb.records", records);
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= t.size() + 11,
                    "the stream scored", Duration.ofSeconds(30));
            List<JsonNode> first = firing(kafka, last, 1, Duration.ofSeconds(3));
            assertEquals(1, first.size(), "the pattern pages once: " + first);
            assertEquals("host-0", first.get(0).get("key").asText());

            String at = Instant.ofEpochMilli(last + 60_000).toString();
            CliRun verdict = CliRun.of("feedback", "--bootstrap", kafka.bootstrapServers(), "--topic", "fb.feedback",
                    "--key", "host-0", "--from", at, "--to", at, "--note", "a planned load test", "false-positive");
            assertEquals(0, verdict.exitCode(), verdict.err());
            StreamFixture.awaitTrue(() -> svc.metrics().count("recon.feedback", "verdict", "false-positive", "key", "host-0") >= 1,
                    "the verdict counted", Duration.ofSeconds(30));
            Thread.sleep(1000); // applied at the next batch

            long next = last + 20 * 60_000L;
            StreamFixture.produce(kafka, "fb.records", List.<String[]>of(new String[] {"host-0", StreamFixture.record("host-0", next,
                    t.featureNames(), scaled(t.rows()[0], 3))}));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= t.size() + 12,
                    "the repeat scored", Duration.ofSeconds(30));
            assertEquals(1, firing(kafka, last, 2, Duration.ofSeconds(3)).size(), "its repeat does not page");
            StreamFixture.produce(kafka, "fb.records", List.<String[]>of(new String[] {"host-0", StreamFixture.record("host-0",
                    next + 60_000, t.featureNames(), scaled(t.rows()[0], 40))}));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= t.size() + 13,
                    "the worse one scored", Duration.ofSeconds(30));
            List<JsonNode> all = firing(kafka, last, 2, Duration.ofSeconds(3));
            assertEquals(2, all.size(), "something far worse still pages: " + all);
            assertTrue(all.get(1).get("score").asDouble() > 10 * first.get(0).get("score").asDouble(), all.toString());
        }
    }

    /** Each feature this many of its spreads (|value| + 1) away. */
    private static float[] scaled(float[] row, float k) {
        float[] out = row.clone();
        for (int f = 0; f < out.length; f++) {
            out[f] = k * (Math.abs(out[f]) + 1);
        }
        return out;
    }

    /** Firing alerts after {@code since} (the normal stretch before has a few alerts of its own: the budget's). */
    private static List<JsonNode> firing(EmbeddedKafka kafka, long since, int expected, Duration timeout) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> all = StreamFixture.read(kafka, "fb.alerts", 1000, timeout);
        for (ConsumerRecord<byte[], byte[]> r : all) {
            JsonNode a = Json.mapper().readTree(r.value());
            if (a.get("status").asText().equals("firing") && a.get("timestamp").asLong() > since) {
                out.add(a);
            }
        }
        return out;
    }

}
