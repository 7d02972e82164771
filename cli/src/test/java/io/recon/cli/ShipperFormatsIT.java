package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.ReconService;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ShipperFleet.Rec;
import io.recon.testkit.ShipperFleet;
import io.recon.testkit.ShipperRecords;
import io.recon.testkit.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each shipper format end to end against a real broker, with records written exactly as the shipper writes them
 * ({@link ShipperRecords}): a fleet's normal history goes to a topic, {@code recon train --from-topic} learns from it,
 * {@code recon serve --input-format F} scores the live records (written to four partitions, unkeyed where the
 * shipper writes unkeyed), alerts on the injected incident, and dead-letters each hostile record with its reason.
 */
class ShipperFormatsIT {
    private static final long STEP = 15_000L;
    private static final int TRAIN = 400;
    private static final int LIVE = 100;
    private static final List<String> HOSTS = List.of("host-1", "host-2", "host-3");
    static EmbeddedKafka kafka;
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = EmbeddedKafka.start();
        work = Files.createTempDirectory("recon-shipper-it");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
        TempDirs.delete(work);
    }

    /** Hostile records of each format and the dead-letter reason each must get. */
    private static Map<String, Rec> hostile(String format, long t) {
        Map<String, Rec> m = new TreeMap<>();
        String ts = Long.toString(t / 1000);
        switch (format) {
            case "telegraf-json" -> {
                m.put("not_json", rec("host-1", "{\"fields\":{\"usage_user\":"));
                m.put("non_finite", rec("host-1", "{\"fields\":{\"usage_user\":1e999},\"name\":\"cpu\",\"tags\":{\"cpu\":"
                        + "\"cpu-total\",\"host\":\"host-1\"},\"timestamp\":" + ts + "}\n"));
                m.put("no_entity", rec(null, ShipperRecords.telegrafJson("mem", Map.of(), Map.of("used_percent", 3.0), t)));
            }
            case "influx-line" -> {
                m.put("bad_line_protocol", rec("host-1", "cpu,host=host-1\n"));
                m.put("non_finite", rec("host-1", "cpu,cpu=cpu-total,host=host-1 usage_user=NaN " + t * 1_000_000L + "\n"));
            }
            case "prometheus-json" -> {
                Map<String, String> many = new TreeMap<>(Map.of("instance", "host-1:9100", "job", "node"));
                for (int i = 0; i < 80; i++) {
                    many.put("l" + i, "v");
                }
                m.put("non_finite", rec(null, ShipperRecords.prometheusAdapter("node_load1", Map.of("instance", "host-1:9100",
                        "job", "node"), Double.NaN, t)));
                m.put("wrong_type", rec(null, "{\"labels\":{\"instance\":\"host-1:9100\"},\"name\":\"node_load1\","
                        + "\"timestamp\":\"2026-12-07T00:00:00Z\",\"value\":\"high\"}"));
                m.put("labels_too_large", rec(null, ShipperRecords.prometheusAdapter("node_load1", many, 1, t)));
            }
            case "otlp-json" -> {
                m.put("not_json", rec(null, "{\"resourceMetrics\":[{\"resource\":"));
                m.put("no_samples", rec(null, "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\","
                        + "\"value\":{\"stringValue\":\"host-1\"}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":\"latency\","
                        + "\"histogram\":{\"dataPoints\":[],\"aggregationTemporality\":2}}]}]}]}"));
            }
            case "otlp-proto" -> {
                byte[] ok = ShipperRecords.otlpProto(Map.of("host.name", "host-1"), List.of(
                        ShipperRecords.OtlpPoint.gauge("system.cpu.load_average.1m", Map.of(), t, 1)));
                m.put("bad_protobuf", new Rec(null, Arrays.copyOf(ok, ok.length - 4)));
                m.put("no_samples", new Rec(null, ExportMetricsServiceRequest
                        .newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                                .addScopeMetrics(ScopeMetrics.newBuilder()
                                        .addMetrics(Metric.newBuilder().setName("latency")
                                                .setHistogram(Histogram.newBuilder()))))
                        .build().toByteArray()));
            }
            default -> throw new IllegalArgumentException(format);
        }
        return m;
    }

    private static Rec rec(String key, String value) {
        return new Rec(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"telegraf-json", "influx-line", "prometheus-json", "otlp-json", "otlp-proto"})
    void learnsFromItsTopicScoresEveryStepAlertsOnTheIncidentAndDeadLettersHostileRecords(String format) throws Exception {
        String p = "sf-" + format;
        long now = System.currentTimeMillis();
        long start = (now - (TRAIN + LIVE + 20) * STEP) / STEP * STEP;
        ShipperFleet fleet = new ShipperFleet(HOSTS, start, STEP, 7).incident("host-2", TRAIN + 60, TRAIN + 75);
        kafka.createTopics(4, p + ".train");
        kafka.awaitLeaders(Duration.ofSeconds(30), p + ".train");
        StreamFixture.produceBytes(kafka.bootstrapServers(), p + ".train", fleet.records(format, 0, TRAIN));
        Path model = work.resolve(p + "-model");
        int code = Main.execute("train", "--model", "dense-ae", "--from-topic", p + ".train", "--bootstrap",
                kafka.bootstrapServers(), "--since", "1h", "--input-format", format, "--epochs", "25",
                "--seed", "3", "--name", "fleet", "--model-version", "v1", "--out", model.toString(), "-q");
        assertEquals(0, code, "recon train --from-topic");
        ModelContract c = ModelContract.read(model.resolve("contract.json"));
        assertEquals(format, c.input().format(), "the contract keeps how the topic was read");
        assertEquals(STEP, c.input().stepMs(), "the step is the samples' own interval");
        assertEquals(5, c.features().size(), format + " features: " + c.features());
        assertTrue(c.features().stream().filter(f -> f.startsWith("rate(")).count() >= 1, "counters read as rates: "
                + c.features());
        assertEquals(3 * (TRAIN - 1), c.training().rows() + c.training().validationRows(),
                "one vector per host and step, less each host's warming step");

        // no input settings: the scorer reads its input as the model's contract says it was trained
        try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, p, work.resolve(p + "-state"), Map.of()))) {
            assertTrue(svc.awaitRunning(Duration.ofSeconds(60)));
            List<Rec> live = new ArrayList<>(fleet.records(format, TRAIN, TRAIN + LIVE));
            Map<String, Rec> bad = hostile(format, fleet.time(TRAIN + 50));
            live.addAll(live.size() / 2, bad.values());
            StreamFixture.produceBytes(kafka.bootstrapServers(), p + ".records", live);

            int expected = HOSTS.size() * (LIVE - 2); // each host's first step warms its counters; its last stays open
            List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, p + ".scores", expected,
                    Duration.ofSeconds(90));
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : scores) {
                JsonNode s = Json.mapper().readTree(r.value());
                assertTrue(seen.add(s.get("key").asText() + "@" + s.get("timestamp").asLong()), "scored twice: " + s);
            }
            assertEquals(expected, scores.size(), format + ": one score per host and step");
            // now that the steps are closed (scored), a sample for one of them is late
            List<Rec> old = fleet.records(format, TRAIN + 1, TRAIN + 2);
            StreamFixture.produceBytes(kafka.bootstrapServers(), p + ".records", old.subList(old.size() - 1, old.size()));

            List<ConsumerRecord<byte[], byte[]>> alerts = StreamFixture.read(kafka, p + ".alerts", 1, Duration.ofSeconds(20));
            long incidentFrom = fleet.time(TRAIN + 60);
            long incidentTo = fleet.time(TRAIN + 75);
            boolean caught = false;
            for (ConsumerRecord<byte[], byte[]> r : alerts) {
                JsonNode a = Json.mapper().readTree(r.value());
                long t = a.get("timestamp").asLong();
                caught |= a.get("status").asText().equals("firing") && a.get("key").asText().startsWith("host-2")
                        && t >= incidentFrom && t < incidentTo;
            }
            assertTrue(caught, format + ": the incident on host-2 fires an alert; alerts: " + alerts.size());

            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, p + ".dlq", bad.size() + 1, Duration.ofSeconds(20))) {
                reasons.add(StreamFixture.header(r, "recon.dlq.reason"));
                assertEquals(p + ".records", StreamFixture.header(r, "recon.dlq.topic"), "names the input topic");
            }
            List<String> want = new ArrayList<>(bad.keySet());
            want.add("late");
            Collections.sort(reasons);
            Collections.sort(want);
            assertEquals(want, reasons, format + ": each hostile record, and nothing else, is a dead letter");
            assertEquals(0.0, svc.metrics().count("recon.stream.thread.failures"));
        }
    }

    @Test
    void retrainAndTrainFromAFileReadTheFormatThroughTheSameAssembly() throws Exception {
        long start = (System.currentTimeMillis() - 500 * STEP) / STEP * STEP;
        ShipperFleet fleet = new ShipperFleet(HOSTS, start, STEP, 9);
        List<Rec> history = fleet.records("prometheus-json", 0, 300);
        kafka.createTopics(4, "rt.records");
        kafka.awaitLeaders(Duration.ofSeconds(30), "rt.records");
        StreamFixture.produceBytes(kafka.bootstrapServers(), "rt.records", history);
        // the same history as a file of adapter records, one per line
        Path file = work.resolve("samples.jsonl");
        Files.write(file, history.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        Path model = work.resolve("rt-model");
        CliRun train = CliRun.of("train", "--model", "dense-ae", "--data", file.toString(), "--input-format", "prometheus-json",
                "--epochs", "5", "--out", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.err().contains("-> 897 vectors of 3 entities"), train.err());
        assertTrue(train.err().contains("step       15 s (the samples' median interval, 15 s"), train.err());
        assertTrue(train.err().contains("counters   3 features read as rates per second"), train.err());
        // the serving model's contract says how to read the topic: no input flags
        CliRun retrain = CliRun.of("retrain", "--bootstrap", kafka.bootstrapServers(), "--topic", "rt.records", "--since", "1h",
                "--serving", model.toString(), "--epochs", "5", "--dry-run", "--scores-topic", "rt.none", "--alerts-topic",
                "rt.none");
        assertEquals(0, retrain.exitCode(), retrain.err());
        JsonNode decision = retrain.lastJson();
        assertEquals(3 * 299, decision.get("used").asInt(), "every host and step but the warming one: " + retrain.out());
        assertEquals(0, decision.get("unusable").asInt(), retrain.out());
    }
}
