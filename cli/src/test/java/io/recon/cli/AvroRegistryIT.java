package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.cli.input.AvroRows;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.ReconService;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ShipperFleet;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro with a real schema registry (Apicurio Registry 3.3.3 through its Confluent-compatible API): telemetry events
 * produced with {@code recon produce --format avro}, a model trained with {@code recon train --from-topic
 * --input-format avro}, served with the format its contract names; an incident alerts; hostile bytes are dead
 * letters with their reasons; the registry killed while records of a schema Recon has not seen yet arrive: nothing
 * is dead-lettered or scored meanwhile, {@code /health} and the metric say why, and once it is back every record
 * is scored exactly once.
 */
class AvroRegistryIT {
    static final String TELEMETRY = """
            {"type":"record","name":"Telemetry","namespace":"io.example","fields":[
              {"name":"key","type":"string"},
              {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"cpu","type":"double"},
              {"name":"mem","type":"double"},
              {"name":"disk","type":"float"},
              {"name":"site","type":"string","default":"eu-west"}]}""";
    /** The next version: one more field (with a default, as backward-compatible evolution asks). */
    static final String TELEMETRY_V2 = TELEMETRY.replace("""
              {"name":"site","type":"string","default":"eu-west"}]}""", """
              {"name":"site","type":"string","default":"eu-west"},
              {"name":"net","type":["null","double"],"default":null}]}""");
    static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");

    @TempDir
    Path work;

    @Test
    void avroEventsAreTrainedOnScoredAlertedAndWaitForTheRegistry() throws Exception {
        try (Apicurio registry = Apicurio.start(Files.createDirectories(work.resolve("registry")));
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            long t0 = (System.currentTimeMillis() - 3_600_000L) / 1000 * 1000;
            Path schema = work.resolve("telemetry.avsc");
            Files.writeString(schema, TELEMETRY);
            Path train = csv(work.resolve("train.csv"), t0, 0, 1500, -1);
            int code = Main.execute("produce", "--bootstrap", kafka.bootstrapServers(), "--topic", "av.train", "--format", "avro",
                    "--schema", schema.toString(), "--schema-registry-url", registry.url(), "--key-column", "host",
                    "--timestamp-column", "timestamp", "--data", train.toString());
            assertEquals(0, code, "recon produce --format avro");
            Path model = work.resolve("model");
            code = Main.execute("train", "--model", "dense-ae", "--from-topic", "av.train", "--bootstrap",
                    kafka.bootstrapServers(), "--since", "2h", "--input-format", "avro", "--schema-registry-url", registry.url(),
                    "--epochs", "30", "--seed", "3", "--name", "telemetry", "--model-version", "v1", "--out", model.toString(),
                    "-q");
            assertEquals(0, code, "recon train --from-topic --input-format avro");
            ModelContract c = ModelContract.read(model.resolve("contract.json"));
            assertEquals("avro", c.input().format());
            assertEquals(List.of("cpu", "disk", "mem"), c.features(), "the numeric fields; key, timestamp, site are not");

            kafka.createTopics(4, "av.records");
            kafka.awaitLeaders(Duration.ofSeconds(30), "av.records");
            // no input format given: the contract's avro
            try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "av", work.resolve("state"),
                    Map.of("recon.schema.registry.url", registry.url())))) {
                assertTrue(svc.awaitRunning(Duration.ofSeconds(60)));
                Path live = csv(work.resolve("live.csv"), t0, 1500, 1800, 1650);
                assertEquals(0, Main.execute("produce", "--bootstrap", kafka.bootstrapServers(), "--topic", "av.records",
                        "--format", "avro", "--schema", schema.toString(), "--schema-registry-url", registry.url(),
                        "--key-column", "host", "--timestamp-column", "timestamp", "--data", live.toString()));
                int valid = 300 * HOSTS.size();

                // hostile records, each to be a dead letter with its reason
                int labelled = registry.register("other-value",
                        "{\"type\":\"record\",\"name\":\"Labelled\",\"fields\":[{\"name\":\"n\",\"type\":\"string\"},"
                                + "{\"name\":\"x\",\"type\":\"double\"}]}");
                AvroRows v1 = new AvroRows(new Schema.Parser().parse(TELEMETRY), registry.register("av.records-value", TELEMETRY));
                byte[] good = v1.encode(row("host-a", t0 + 1_799_500L, 0.5, 0.55, 0.6, null));
                Map<String, byte[]> hostile = new TreeMap<>();
                hostile.put("not_avro", "{\"key\":\"host-a\",\"fields\":{\"cpu\":1}}".getBytes(StandardCharsets.UTF_8));
                hostile.put("bad_avro truncated", java.util.Arrays.copyOf(good, good.length - 3));
                byte[] unknown = good.clone();
                ByteBuffer.wrap(unknown).putInt(1, 987_654);
                hostile.put("unknown_schema", unknown);
                hostile.put("bad_avro 2 GB", twoGigabytePrefix(labelled));
                byte[] other = good.clone();
                ByteBuffer.wrap(other).putInt(1, labelled);
                hostile.put("bad_avro other type", other);
                produce(kafka, hostile.values().stream().toList());

                List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "av.scores", valid, Duration.ofSeconds(90));
                assertEquals(valid, scores.size(), "every valid record scored once");
                List<ConsumerRecord<byte[], byte[]>> alerts = StreamFixture.read(kafka, "av.alerts", 1, Duration.ofSeconds(10));
                boolean caught = false;
                for (ConsumerRecord<byte[], byte[]> r : alerts) {
                    JsonNode a = Json.mapper().readTree(r.value());
                    long t = a.get("timestamp").asLong();
                    caught |= a.get("status").asText().equals("firing") && a.get("key").asText().equals("host-b")
                            && t >= t0 + 1_650_000L && t < t0 + 1_680_000L;
                }
                assertTrue(caught, "the incident on host-b fires an alert: " + alerts.size() + " alerts");
                List<String> reasons = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, "av.dlq", hostile.size(), Duration.ofSeconds(20))) {
                    reasons.add(StreamFixture.header(r, "recon.dlq.reason"));
                    assertEquals("av.records", StreamFixture.header(r, "recon.dlq.topic"));
                }
                reasons.sort(null);
                assertEquals(List.of("bad_avro", "bad_avro", "bad_avro", "not_avro", "unknown_schema"), reasons);

                // the next schema version is registered, then the registry goes away before Recon has looked it up
                int v2id = registry.register("av.records-value", TELEMETRY_V2);
                AvroRows v2 = new AvroRows(new Schema.Parser().parse(TELEMETRY_V2), v2id);
                double failuresBefore = svc.metrics().count("recon.schema.registry.failures");
                registry.stop();
                List<ShipperFleet.Rec> evolved = new ArrayList<>();
                Random rnd = new Random(5);
                for (int i = 1800; i < 1830; i++) {
                    for (String h : HOSTS) {
                        double cpu = normalCpu(i, rnd);
                        evolved.add(new ShipperFleet.Rec(h.getBytes(StandardCharsets.UTF_8), v2.encode(row(h, t0 + i * 1000L, cpu,
                                0.3 + 0.5 * cpu + rnd.nextGaussian() * 0.01, 0.6 + rnd.nextGaussian() * 0.01, 1.5))));
                    }
                }
                StreamFixture.produceBytes(kafka.bootstrapServers(), "av.records", evolved);
                StreamFixture.awaitTrue(() -> svc.metrics().gauge("recon.schema.registry.waiting") == 1.0,
                        "waiting for the registry", Duration.ofSeconds(60));
                Thread.sleep(3_000);
                String health = StreamFixture.scrape(svc.metricsPort(), "/health");
                assertTrue(health.contains("schema registry: unreachable"), health);
                assertTrue(svc.metrics().count("recon.schema.registry.failures") > failuresBefore);
                assertEquals(0.0, deadLetters(svc), "nothing dead-lettered for the outage");
                assertEquals(valid, svc.metrics().count("recon.records.scored"), "nothing scored past the unknown schema");

                registry.restart();
                int total = valid + evolved.size();
                scores = StreamFixture.read(kafka, "av.scores", total, Duration.ofSeconds(120));
                Set<String> seen = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : scores) {
                    JsonNode s = Json.mapper().readTree(r.value());
                    assertTrue(seen.add(s.get("key").asText() + "@" + s.get("timestamp").asLong()), "scored twice: " + s);
                }
                if (scores.size() != total) {
                    StringBuilder why = new StringBuilder("scored " + svc.metrics().count("recon.records.scored") + "; dlq:");
                    for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, "av.dlq", 100, Duration.ofSeconds(3))) {
                        why.append(' ').append(StreamFixture.header(r, "recon.dlq.reason")).append(':')
                                .append(StreamFixture.header(r, "recon.dlq.detail"));
                    }
                    throw new AssertionError("every record scored exactly once across the outage: " + scores.size() + " of "
                            + total + "; " + why);
                }
                StreamFixture.awaitTrue(() -> svc.metrics().gauge("recon.schema.registry.waiting") == 0.0,
                        "the registry answers again", Duration.ofSeconds(60));
                assertEquals(0.0, deadLetters(svc), "still nothing dead-lettered for the outage");
                assertTrue(StreamFixture.scrape(svc.metricsPort(), "/health").contains("schema registry: ok"));
                assertEquals(0.0, svc.metrics().count("recon.stream.thread.failures"));
            }
            // retraining reads the Avro topic the same way (the serving model's contract: avro, and the registry given)
            CliRun retrain = CliRun.of("retrain", "--bootstrap", kafka.bootstrapServers(), "--topic", "av.records", "--since", "2h",
                    "--serving", model.toString(), "--schema-registry-url", registry.url(), "--epochs", "3", "--dry-run",
                    "--scores-topic", "av.none", "--alerts-topic", "av.none");
            assertEquals(0, retrain.exitCode(), retrain.err());
            JsonNode decision = retrain.lastJson();
            assertEquals(990, decision.get("used").asInt(), "both schema versions' records: " + retrain.out());
            assertEquals(5, decision.get("unusable").asInt(), "the hostile ones: " + retrain.out());
        }
    }

    /** Dead letters other than the five hostile records. */
    private static double deadLetters(ReconService svc) {
        double n = 0;
        for (String reason : List.of("not_avro", "unknown_schema", "bad_avro", "missing_field", "scoring_failed", "no_samples")) {
            n += svc.metrics().count("recon.dead.letters", "reason", reason);
        }
        return n - 5;
    }

    private static double normalCpu(int i, Random rnd) {
        return 0.5 + 0.2 * Math.sin(i / 50.0) + rnd.nextGaussian() * 0.02;
    }

    /** Rows {@code from..to} (seconds after t0) for every host; host-b's memory stuck high for 30 s from {@code incident}. */
    private static Path csv(Path file, long t0, int from, int to, int incident) throws Exception {
        Random rnd = new Random(from);
        StringBuilder sb = new StringBuilder("timestamp,host,cpu,mem,disk\n");
        for (int i = from; i < to; i++) {
            for (String h : HOSTS) {
                double cpu = normalCpu(i, rnd);
                double mem = 0.3 + 0.5 * cpu + rnd.nextGaussian() * 0.01;
                if (h.equals("host-b") && incident >= 0 && i >= incident && i < incident + 30) {
                    mem = 0.95;
                }
                sb.append(t0 + i * 1000L).append(',').append(h).append(',').append(cpu).append(',').append(mem).append(',')
                        .append(0.6 + rnd.nextGaussian() * 0.01).append('\n');
            }
        }
        return Files.writeString(file, sb.toString());
    }

    private static Map<String, Object> row(String host, long time, double cpu, double mem, double disk, Double net) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("key", host);
        r.put("timestamp", time);
        r.put("cpu", cpu);
        r.put("mem", mem);
        r.put("disk", disk);
        if (net != null) {
            r.put("net", net);
        }
        return r;
    }

    /** A record of the Labelled schema whose string claims 2^31 - 1 bytes. */
    private static byte[] twoGigabytePrefix(int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        long z = 2_147_483_647L << 1;
        while ((z & ~0x7fL) != 0) {
            out.write((int) (z & 0x7f | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        out.writeBytes("abc".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void produce(EmbeddedKafka kafka, List<byte[]> values) {
        List<ShipperFleet.Rec> recs = new ArrayList<>();
        for (byte[] v : values) {
            recs.add(new ShipperFleet.Rec(null, v));
        }
        StreamFixture.produceBytes(kafka.bootstrapServers(), "av.records", recs);
    }

}
