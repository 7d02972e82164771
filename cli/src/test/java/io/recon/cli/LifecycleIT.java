package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.ReconService;
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
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Model versions published to a topic or written to a directory are validated and swapped in while streaming. */
class LifecycleIT {
    static EmbeddedKafka kafka;
    static Path work;
    static FeatureTable data;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = EmbeddedKafka.start();
        work = Files.createTempDirectory("recon-lifecycle-it");
        Path csv = DataGenerator.correlatedCsv(work, 1200, 4, 0.0, 61);
        data = DataLoader.load(csv, ReadOptions.defaults());
        train(csv, "v1", 1);
        train(csv, "v2", 2);
        train(DataGenerator.correlatedCsv(Files.createDirectories(work.resolve("other")), 600, 5, 0.0, 62), "wide", 3);
        Path corrupt = Files.createDirectories(work.resolve("v3"));
        byte[] bytes = Files.readAllBytes(work.resolve("v2/model.onnx"));
        Files.write(corrupt.resolve("model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
    }

    private static void train(Path csv, String version, long seed) throws Exception {
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(work.resolve(version))
                .setTraining(new TrainConfig(5, 64, 3e-3, 0.2, 5, seed)).optModelName("fleet").optModelVersion(version)
                .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false))
                .optThreshold(ThresholdCalibrator.Method.quantile(0.99)).build(), ProgressListener.NONE);
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    private static List<String[]> records(int from, int to) {
        List<String[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String key = "host-" + (i % 4);
            out.add(new String[] {key, StreamFixture.record(key, 1_000_000L + i, data.featureNames(), data.rows()[i])});
        }
        return out;
    }

    @Test
    void publishedVersionsSwapMidStreamAndBadOnesAreRejected() throws Exception {
        PublishCommand.publish(work.resolve("v1"), kafka.bootstrapServers(), "lc.models", false, Map.of());
        // no model directory: the service takes its model from the topic
        Map<String, String> extra = Map.of("recon.model.topic", "lc.models", "recon.model.dir", "");
        ReconService svc = ReconService.start(StreamFixture.config(kafka, work.resolve("unused"), "lc", work.resolve("s1"), extra));
        try {
            assertEquals("v1", svc.models().get().contract().modelVersion());
            StreamFixture.produce(kafka, "lc.records", records(0, 500));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= 500,
                    "v1 to score the first half", Duration.ofSeconds(60));
            String[] v2 = PublishCommand.publish(work.resolve("v2"), kafka.bootstrapServers(), "lc.models", false, Map.of());
            assertEquals("1", v2[2], "the publisher counts the running scorer that follows the topic");
            StreamFixture.awaitTrue(() -> "v2".equals(svc.models().get().contract().modelVersion()),
                    "v2 to go into service", Duration.ofSeconds(60));
            StreamFixture.produce(kafka, "lc.records", records(500, 1000));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= 1000,
                    "the second half to be scored", Duration.ofSeconds(60));

            CliRun corrupt = CliRun.of("publish", work.resolve("v3").toString(), "--bootstrap", kafka.bootstrapServers(),
                    "--topic", "lc.models");
            assertEquals(1, corrupt.exitCode(), "the publisher refuses a corrupt model without --force");
            PublishCommand.publish(work.resolve("v3"), kafka.bootstrapServers(), "lc.models", true, Map.of());
            StreamFixture.awaitTrue(() -> svc.metrics().count("recon.model.rejected") >= 1,
                    "the corrupt v3 to be rejected", Duration.ofSeconds(60));
            PublishCommand.publish(work.resolve("wide"), kafka.bootstrapServers(), "lc.models", true, Map.of());
            StreamFixture.awaitTrue(() -> svc.metrics().count("recon.model.rejected") >= 2,
                    "the 5-feature model to be rejected", Duration.ofSeconds(60));
            assertEquals("v2", svc.models().get().contract().modelVersion(), "v2 keeps serving");
            StreamFixture.produce(kafka, "lc.records", records(1000, 1200));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= 1200,
                    "scoring to go on after the rejections", Duration.ofSeconds(60));

            String metrics = StreamFixture.scrape(svc.metricsPort(), "/metrics");
            assertTrue(metrics.contains("recon_model_info{model=\"fleet\",version=\"v2\"} 1"), metrics);
            assertTrue(!metrics.contains("version=\"v1\""), "the replaced version's info series is gone");
            assertTrue(metrics.contains("recon_model_loaded_total 2.0"), "loaded v1 and v2");
            assertTrue(metrics.contains("recon_model_rejected_total 2.0"));
        } finally {
            svc.close();
        }

        List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "lc.scores", 1200, Duration.ofSeconds(60));
        assertEquals(1200, scores.size(), "every record scored exactly once");
        Map<String, float[]> offline = new HashMap<>();
        for (String v : List.of("v1", "v2")) {
            try (OnnxModel m = OnnxModel.load(work.resolve(v), ScorerOptions.defaults())) {
                offline.put(v, m.scoreAll(java.util.Arrays.copyOfRange(data.rows(), 0, 1200)).score());
            }
        }
        Map<Integer, String> lastVersionByPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : scores) {
            JsonNode s = Json.mapper().readTree(r.value());
            int row = (int) (s.get("timestamp").asLong() - 1_000_000L);
            String version = s.get("model_version").asText();
            assertEquals(offline.get(version)[row], s.get("score").floatValue(), 1e-5, "scored by exactly the named version");
            if (row < 500) {
                assertEquals("v1", version, "records before the swap: v1");
            }
            if (row >= 500) {
                assertEquals("v2", version, "records after the swap: v2");
            }
            String previous = lastVersionByPartition.put(r.partition(), version);
            assertTrue(previous == null || previous.compareTo(version) <= 0, "versions in order within a partition");
        }
    }

    @Test
    void aNewVersionWrittenToTheModelDirectoryIsSwappedIn() throws Exception {
        Path dir = Files.createDirectories(work.resolve("live"));
        Files.copy(work.resolve("v1/model.onnx"), dir.resolve("model.onnx"));
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, dir, "lcd", work.resolve("s2"),
                Map.of("recon.model.poll.ms", "200")))) {
            Files.copy(work.resolve("v3/model.onnx"), dir.resolve("model.tmp"));
            Files.move(dir.resolve("model.tmp"), dir.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            StreamFixture.awaitTrue(() -> svc.metrics().count("recon.model.rejected") >= 1,
                    "the corrupt file to be rejected", Duration.ofSeconds(60));
            assertEquals("v1", svc.models().get().contract().modelVersion());
            Files.copy(work.resolve("v2/model.onnx"), dir.resolve("model.tmp"));
            Files.move(dir.resolve("model.tmp"), dir.resolve("model.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            StreamFixture.awaitTrue(() -> "v2".equals(svc.models().get().contract().modelVersion()),
                    "v2 from the directory", Duration.ofSeconds(60));
            StreamFixture.produce(kafka, "lcd.records", records(0, 100));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= 100,
                    "scoring with v2", Duration.ofSeconds(60));
        }
    }

    @Test
    void retrainBuildsANewVersionFromTheTopicAndTheServicePicksItUp() throws Exception {
        PublishCommand.publish(work.resolve("v1"), kafka.bootstrapServers(), "rt.models", false, Map.of());
        Path csv = DataGenerator.correlatedCsv(Files.createDirectories(work.resolve("recent")), 1500, 4, 0.04, 61);
        FeatureTable recent = DataLoader.load(csv, ReadOptions.defaults()); // the same columns as v1 was trained on
        Map<String, String> extra = Map.of("recon.model.topic", "rt.models", "recon.model.dir", "");
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, work.resolve("unused"), "rt", work.resolve("s3"),
                extra))) {
            List<String[]> records = new ArrayList<>();
            for (int i = 0; i < recent.size(); i++) {
                String key = "host-" + (i % 4);
                records.add(new String[] {key, StreamFixture.record(key, 2_000_000L + i, recent.featureNames(), recent.rows()[i])});
            }
            StreamFixture.produce(kafka, "rt.records", records);
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= recent.size(),
                    "the window to be scored", Duration.ofSeconds(60));
            Thread.sleep(500); // the last transaction's outputs become readable

            Set<String> tempBefore = retrainLeftovers();
            // an operator called host-1's alerts false: its flagged records go back into the training set
            CliRun verdict = CliRun.of("feedback", "--bootstrap", kafka.bootstrapServers(), "--topic", "rt.feedback", "--key",
                    "host-1", "--from", "1970-01-01T00:00:00Z", "--to", "1970-01-02T00:00:00Z", "false-positive");
            assertEquals(0, verdict.exitCode(), verdict.err());
            CliRun run = CliRun.of("retrain", "--bootstrap", kafka.bootstrapServers(), "--topic", "rt.records", "--since", "1h",
                    "--model-topic", "rt.models", "--scores-topic", "rt.scores", "--alerts-topic", "rt.alerts", "--epochs", "15",
                    "--max-far", "0.05", "--feedback-topic", "rt.feedback");
            assertEquals(0, run.exitCode(), run.err() + run.out());
            assertEquals(tempBefore, retrainLeftovers(), "retrain removes its temporary model and data");
            JsonNode result = run.lastJson();
            System.out.println(run.out()); // the decision and its figures, in the test report
            assertEquals("published", result.get("decision").asText(), run.out());
            assertEquals(recent.size(), result.get("records").asInt());
            assertTrue(result.get("excluded").asInt() > 0, "alerted and flagged records are left out: " + result);
            Matcher kept = Pattern.compile("feedback +(\\d+) records of false alerts kept")
                    .matcher(run.out());
            assertTrue(kept.find() && Integer.parseInt(kept.group(1)) > 0, "host-1's flagged records are kept: " + run.out());
            String candidate = result.get("candidate_version").asText();
            StreamFixture.awaitTrue(() -> candidate.equals(svc.models().get().contract().modelVersion()),
                    "the retrained version in service", Duration.ofSeconds(60));
            assertTrue(svc.metrics().count("recon.model.loaded") >= 2);
        }
    }

    /** The temporary files and directories retrain makes, as they are now in the temporary directory. */
    private static Set<String> retrainLeftovers() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("recon-retrain-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void retrainRebuildsAWindowedModelFromEachKeysOwnRecords() throws Exception {
        Path csv = DataGenerator.correlatedCsv(Files.createDirectories(work.resolve("windowed")), 1200, 4, 0.0, 71);
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(work.resolve("w1"))
                .setTraining(new TrainConfig(5, 64, 3e-3, 0.2, 5, 1)).optModelName("fleet-w").optModelVersion("w1")
                .optWindow(6).optDense(new DenseAeConfig(List.of(12, 3), Activation.TANH, 0, 0, false))
                .optThreshold(ThresholdCalibrator.Method.quantile(0.99)).build(), ProgressListener.NONE);
        PublishCommand.publish(work.resolve("w1"), kafka.bootstrapServers(), "rtw.models", false, Map.of());
        Path recentCsv = DataGenerator.correlatedCsv(Files.createDirectories(work.resolve("windowed-recent")), 1600, 4, 0.04, 72);
        FeatureTable recent = DataLoader.load(recentCsv, ReadOptions.defaults());
        Map<String, String> extra = Map.of("recon.model.topic", "rtw.models", "recon.model.dir", "");
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, work.resolve("unused"), "rtw", work.resolve("s4"),
                extra))) {
            List<String[]> records = new ArrayList<>();
            for (int i = 0; i < recent.size(); i++) {
                String key = "host-" + (i % 4);
                records.add(new String[] {key, StreamFixture.record(key, 3_000_000L + i, recent.featureNames(), recent.rows()[i])});
            }
            StreamFixture.produce(kafka, "rtw.records", records);
            // a windowed model scores a key's records once its window of 6 is full
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= recent.size() - 4 * 5,
                    "the window to be scored", Duration.ofSeconds(60));
            Thread.sleep(500);

            CliRun run = CliRun.of("retrain", "--bootstrap", kafka.bootstrapServers(), "--topic", "rtw.records", "--since", "1h",
                    "--model-topic", "rtw.models", "--scores-topic", "rtw.scores", "--alerts-topic", "rtw.alerts", "--epochs",
                    "15", "--max-far", "0.05");
            assertEquals(0, run.exitCode(), run.err() + run.out());
            JsonNode result = run.lastJson();
            System.out.println(run.out());
            assertEquals("published", result.get("decision").asText(), run.out());
            String candidate = result.get("candidate_version").asText();
            StreamFixture.awaitTrue(() -> candidate.equals(svc.models().get().contract().modelVersion()),
                    "the retrained version in service", Duration.ofSeconds(60));
            assertEquals(6, svc.models().get().contract().inputShape().window(), "still a model of 6-record windows");
            long before = svc.metrics().scoredCount();
            StreamFixture.produce(kafka, "rtw.records", records.subList(0, 40));
            StreamFixture.awaitTrue(() -> svc.metrics().scoredCount() >= before + 40,
                    "the new version scoring", Duration.ofSeconds(60));
        }
    }
}
