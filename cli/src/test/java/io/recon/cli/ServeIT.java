package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.schemas.record.Alert;
import io.recon.schemas.record.ScoredRecord;
import io.recon.streaming.ReconService;
import io.recon.streaming.scoring.ModelLoadException;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scorer against a real in-process Kafka broker, with a model trained by the real trainer. */
class ServeIT {
    static EmbeddedKafka kafka;
    static Path work;
    static Path model;
    static FeatureTable data;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = EmbeddedKafka.start();
        work = Files.createTempDirectory("recon-serve-it");
        Path csv = DataGenerator.correlatedCsv(work, 3000, 6, 0.03, 31);
        model = work.resolve("model");
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(model)
                .setTraining(new TrainConfig(40, 64, 3e-3, 0.2, 10, 3)).optRead(new ReadOptions("label", null, List.of()))
                .optNormalLabel("0").optModelName("sensors").optModelVersion("v1")
                .optDense(new DenseAeConfig(List.of(16, 3), Activation.TANH, 0, 0, false)).build(), ProgressListener.NONE);
        data = DataLoader.load(csv, new ReadOptions("label", null, List.of()));
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    private static List<String[]> inputs(int n) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "host-" + (i % 5);
            out.add(new String[] {key, StreamFixture.record(key, data.timestamps()[i], data.featureNames(), data.rows()[i])});
        }
        return out;
    }

    @Test
    void aPartialBatchIsScoredWithinTheBatchWaitNotAtTheNextCommit() throws Exception {
        // batches far larger than the input and no commit for ten minutes: only the batch-wait timer can
        // send these records on (at_least_once, so readers see them without a transaction commit)
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "t5", work.resolve("s5"),
                Map.of("recon.processing.guarantee", "at_least_once", "recon.commit.interval.ms", "600000",
                        "recon.batch.size", "4096", "recon.batch.wait.ms", "20")))) {
            assertTrue(svc.awaitRunning(Duration.ofSeconds(60)));
            for (int burst = 1; burst <= 2; burst++) {
                StreamFixture.produce(kafka, "t5.records", inputs(3));
                assertEquals(3 * burst, StreamFixture.read(kafka, "t5.scores", 3 * burst, Duration.ofSeconds(20)).size(),
                        "burst " + burst + " scored while its batch was not full");
                Thread.sleep(300); // idle in between: the timer is disarmed and must be armed again
            }
        }
    }

    @Test
    void scoresEveryRecordOnceMatchesOfflineScoresAndAlertsInjectedAnomalies() throws Exception {
        int n = data.size();
        // every injected anomaly is its own incident here: no cooldown, single records (no persistence rule)
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "t1", work.resolve("s1"),
                Map.of("recon.alert.cooldown.ms", "0", "recon.alert.cooldown.records", "1", "recon.alert.persistence.k", "1",
                        "recon.alert.persistence.n", "1")))) {
            StreamFixture.produce(kafka, "t1.records", inputs(n));
            List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "t1.scores", n, Duration.ofSeconds(90));
            assertEquals(n, scores.size(), "every record scored exactly once");

            float[] offline;
            try (OnnxModel m = OnnxModel.load(model, ScorerOptions.defaults())) {
                offline = m.scoreAll(data.rows()).score();
            }
            Map<Long, Integer> rowOf = new HashMap<>();
            for (int i = 0; i < n; i++) {
                rowOf.put(data.timestamps()[i], i);
            }
            double threshold = 0;
            Set<Long> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : scores) {
                ScoredRecord s = Json.mapper().readValue(r.value(), ScoredRecord.class);
                assertTrue(seen.add(s.timestamp()), "duplicate score for " + s.timestamp());
                int i = rowOf.get(s.timestamp());
                assertEquals(offline[i], s.score(), 1e-5, "streamed score equals the offline ONNX score");
                assertEquals(s.score() > s.threshold(), s.isAnomaly());
                assertEquals("v1", s.modelVersion());
                threshold = s.threshold();
            }
            int injected = 0;
            int detected = 0;
            Set<Long> firing = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, "t1.alerts", 1, Duration.ofSeconds(10))) {
                Alert a = Json.mapper().readValue(r.value(), Alert.class);
                if (a.status() == Alert.Status.FIRING) {
                    firing.add(a.timestamp());
                    assertEquals(3, a.topFeatures().size());
                    assertTrue(a.score() > a.threshold());
                }
            }
            for (int i = 0; i < n; i++) {
                if (!data.isLabel(i, "0")) {
                    injected++;
                    detected += firing.contains(data.timestamps()[i]) ? 1 : 0;
                }
            }
            assertTrue(injected > 30);
            assertTrue(detected >= 0.8 * injected, detected + " of " + injected + " injected anomalies alerted");
            String metrics = StreamFixture.scrape(svc.metricsPort(), "/metrics");
            for (String name : List.of("recon_records_scored_total", "recon_anomalies_total", "recon_alerts_total",
                    "recon_dead_letters_total", "recon_score_bucket", "recon_batch_size_bucket",
                    "recon_inference_seconds_bucket", "recon_model_info", "recon_threshold", "recon_model_loaded_total",
                    "recon_model_rejected_total", "kafka_stream", "jvm_memory_used_bytes")) {
                assertTrue(metrics.contains(name), "metrics lack " + name);
            }
            assertTrue(metrics.contains("recon_records_scored_total " + n + ".0"), "scored counter equals " + n);
            assertTrue(StreamFixture.scrape(svc.metricsPort(), "/ready").startsWith("200"));
            assertTrue(StreamFixture.scrape(svc.metricsPort(), "/health").startsWith("200"));
            assertTrue(threshold > 0);
        }
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicWithReasonsAndTheRestIsScored() throws Exception {
        List<String[]> good = inputs(200);
        String junk = "x".repeat(1 << 20);
        String[][] bad = {
            {"b1", "not json at all"},
            {"b2", "{\"key\":\"b2\",\"timestamp\":1,\"fields\":{\"sensor_0\":\"high\"}}"},
            {"b3", "{\"key\":\"b3\",\"timestamp\":1,\"fields\":{\"sensor_0\":1}}"},
            {"b4", "{\"key\":\"b4\",\"timestamp\":1,\"values\":[1,2,3]}"},
            {"b5", "{\"key\":\"b5\",\"timestamp\":1,\"values\":[1,2,3,4,5,NaN]}"},
            {"b6", "{\"key\":\"b6\",\"timestamp\":1,\"values\":[1,2,3,4,5,Infinity]}"},
            {"b7", junk},
            {"b8", "[1,2,3]"},
            {"b9", null},
        };
        String[] reasons = {"not_json", "wrong_type", "missing_field", "wrong_dimension", "non_finite", "non_finite",
            "too_large", "not_object", "null_value"};
        List<String[]> mixed = new ArrayList<>(good);
        for (int i = 0; i < bad.length; i++) {
            mixed.add(20 * i + 5, bad[i]);
        }
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "t2", work.resolve("s2"), Map.of()))) {
            StreamFixture.produce(kafka, "t2.records", mixed);
            assertEquals(200, StreamFixture.read(kafka, "t2.scores", 200, Duration.ofSeconds(60)).size());
            List<ConsumerRecord<byte[], byte[]>> dlq = StreamFixture.read(kafka, "t2.dlq", bad.length, Duration.ofSeconds(30));
            assertEquals(bad.length, dlq.size());
            Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            dlq.forEach(r -> byKey.put(new String(r.key()), r));
            for (int i = 0; i < bad.length; i++) {
                ConsumerRecord<byte[], byte[]> r = byKey.get(bad[i][0]);
                assertEquals(reasons[i], StreamFixture.header(r, "recon.dlq.reason"), "reason for " + bad[i][0]);
                assertEquals("t2.records", StreamFixture.header(r, "recon.dlq.topic"));
                assertTrue(Long.parseLong(StreamFixture.header(r, "recon.dlq.offset")) >= 0);
                assertTrue(!StreamFixture.header(r, "recon.dlq.detail").isEmpty() || bad[i][1] == null);
                if (bad[i][1] != null && bad[i][1].length() < 1000) {
                    assertEquals(bad[i][1], new String(r.value()), "original bytes kept");
                }
            }
            assertEquals(String.valueOf(junk.length()), StreamFixture.header(byKey.get("b7"), "recon.dlq.original.bytes"));
            assertEquals(2.0, svc.metrics().count("recon.dead.letters", "reason", "non_finite"));
            assertEquals(1.0, svc.metrics().count("recon.dead.letters", "reason", "too_large"));
        }
    }

    @Test
    void twoInstancesSharePartitionsAndScoreEachRecordExactlyOnce() throws Exception {
        int n = 2000;
        try (ReconService a = ReconService.start(StreamFixture.config(kafka, model, "t3", work.resolve("s3a"), Map.of()));
                ReconService b = ReconService.start(StreamFixture.config(kafka, model, "t3", work.resolve("s3b"), Map.of()))) {
            assertTrue(a.awaitRunning(Duration.ofSeconds(60)) && b.awaitRunning(Duration.ofSeconds(60)));
            StreamFixture.produce(kafka, "t3.records", inputs(n));
            List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "t3.scores", n, Duration.ofSeconds(90));
            Set<Long> unique = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : scores) {
                JsonNode s = Json.mapper().readTree(r.value());
                unique.add(s.get("timestamp").asLong());
            }
            assertEquals(n, scores.size());
            assertEquals(n, unique.size());
            double byA = a.metrics().count("recon.records.scored");
            double byB = b.metrics().count("recon.records.scored");
            assertEquals(n, byA + byB, 0.0);
            assertTrue(byA > 0 && byB > 0, "both instances scored: " + byA + " / " + byB);
        }
    }

    @Test
    void unreadableOrCorruptModelFailsAtStartWithAClearError() throws Exception {
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> ReconService.start(
                StreamFixture.config(kafka, work.resolve("nope"), "t4", work.resolve("s4"), Map.of())));
        assertTrue(missing.getMessage().contains("cannot read the model"), missing.getMessage());

        Path corrupt = Files.createDirectories(work.resolve("corrupt"));
        byte[] bytes = Files.readAllBytes(model.resolve("model.onnx"));
        Files.write(corrupt.resolve("model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ModelLoadException bad = assertThrows(ModelLoadException.class, () -> ReconService.start(
                StreamFixture.config(kafka, corrupt, "t4", work.resolve("s4"), Map.of())));
        assertTrue(bad.getMessage().contains("not a loadable ONNX model"), bad.getMessage());

        CliRun run = CliRun.of("serve", "--bootstrap", kafka.bootstrapServers(), "--model", corrupt.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().strip().startsWith("recon: error: ") && run.err().contains("not a loadable ONNX model"), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }

    @Test
    void streamThreadsFailingAgainAndAgainStopTheServiceAndHealthSaysSo() throws Exception {
        // a dead letter larger than the producer may send fails the stream thread (Kafka Streams' default production
        // handler), and under exactly-once the same input comes back after every replacement: a poison record
        io.recon.streaming.config.ServeConfig cfg = StreamFixture.config(kafka, model, "t6", work.resolve("s6"), Map.of("recon.stream.thread.replacements",
                "2", "recon.max.record.bytes", "1048576", "recon.dlq.max.bytes", "1048576",
                "kafka.producer.max.request.size", "65536",
                // a replaced thread waits for the dead one's group membership to expire: 6 s (the broker's minimum), not 45
                "kafka.session.timeout.ms", "6000", "kafka.heartbeat.interval.ms", "1000"));
        kafka.createTopics(1, "t6.records");
        StreamFixture.produce(kafka, "t6.records", List.<String[]>of(new String[] {"k", "x".repeat(200_000)}));
        try (ReconService svc = ReconService.start(cfg)) {
            String why = svc.failure().get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(why.contains("more than 2 times within 5 minutes"), why);
            assertTrue(StreamFixture.scrape(svc.metricsPort(), "/health").startsWith("503"), "unhealthy once it gave up");
        }
    }

    @Test
    void serveExitsWithStatusOneAndOneLineWhenItGivesUp() throws Exception {
        kafka.createTopics(1, "t7.records");
        StreamFixture.produce(kafka, "t7.records", List.<String[]>of(new String[] {"k", "x".repeat(200_000)}));
        CliRun run = CliRun.of("serve", "--bootstrap", kafka.bootstrapServers(), "--model", model.toString(), "--input-topics",
                "t7.records", "--scores-topic", "t7.scores", "--alerts-topic", "t7.alerts", "--dlq-topic", "t7.dlq",
                "--application-id", "t7-app", "--metrics-port", "0", "--state-dir", work.resolve("s7").toString(),
                "--thread-replacements", "1", "--max-record-bytes", "1048576", "--dlq-max-bytes", "1048576", "--kafka",
                "producer.max.request.size=65536", "--kafka", "session.timeout.ms=6000", "--kafka", "heartbeat.interval.ms=1000");
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.err().strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("recon: error: stream threads failed more than 1 times within 5 minutes"), run.err());
    }
}
