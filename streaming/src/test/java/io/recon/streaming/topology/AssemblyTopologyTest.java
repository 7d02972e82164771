package io.recon.streaming.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.config.StreamsConfigFactory;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.testkit.ShipperRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shipper formats through the whole topology under TopologyTestDriver: samples decoded, repartitioned by entity,
 * assembled into vectors, scored by the golden dense model (features a, b, c); unusable records dead-lettered.
 */
class AssemblyTopologyTest {
    private static final long T = 1_796_094_000_000L;
    private TopologyTestDriver driver;
    private ModelRegistry registry;
    private OnnxModel model;
    private ReconMetrics metrics;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<byte[], byte[]> scores;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<byte[], byte[]> alerts;

    private void start(String format) throws Exception {
        start(format, "metrics");
    }

    private void start(String format, String topics) throws Exception {
        Path dir = Path.of(getClass().getResource("/models/dense").toURI());
        Map<String, String> flags = new HashMap<>(Map.of("recon.bootstrap", "dummy:9092", "recon.model.dir", dir.toString(),
                "recon.state.dir", "target/tt-assembly-state", "recon.input.format", format, "recon.input.topics", topics));
        ServeConfig config = ConfigLoader.load(flags, Map.of(), null);
        model = OnnxModel.load(dir, ScorerOptions.defaults());
        metrics = new ReconMetrics();
        registry = new ModelRegistry();
        registry.add(model);
        Properties props = StreamsConfigFactory.build(config);
        driver = new TopologyTestDriver(ScoringTopology.build(config, registry, metrics, Runnable::run), props);
        in = driver.createInputTopic("metrics", new ByteArraySerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic("recon.scores", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic("recon.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic("recon.alerts", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (registry != null) {
            registry.closeAll();
        }
    }

    private void send(byte[] key, String value) {
        in.pipeInput(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void prometheusSamplesBecomeOneScoredVectorPerInstanceAndScrape() throws Exception {
        start("prometheus-json");
        float[][] rows = new float[6][];
        for (int k = 0; k < 6; k++) {
            rows[k] = new float[] {0.2f + 0.1f * k, -0.1f, 3.0f + 0.05f * k};
            for (String host : List.of("h1:9100", "h2:9100")) {
                String[] names = {"c", "a", "b"}; // any order, one record each, no key: as the adapter writes them
                for (String n : names) {
                    int f = n.charAt(0) - 'a';
                    send(null, ShipperRecords.prometheusAdapter(n, Map.of("instance", host, "job", "node"), rows[k][f],
                            T + k * 15_000L));
                }
            }
        }
        assertTrue(scores.isEmpty(), "due steps wait out the hold (2 s of wall clock)");
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        float[] expected = model.scoreAll(Arrays.copyOf(rows, 5)).score();
        List<JsonNode> h1 = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : out) {
            JsonNode s = Json.mapper().readTree(r.value());
            if (s.get("key").asText().equals("h1:9100")) {
                h1.add(s);
            }
        }
        assertEquals(5, h1.size(), "the sixth scrape is still open; scores: " + out.size());
        for (int k = 0; k < 5; k++) {
            assertEquals(T + k * 15_000L, h1.get(k).get("timestamp").asLong());
            assertEquals(expected[k], h1.get(k).get("score").floatValue(), 1e-6);
        }
        assertEquals(10, out.size());
        assertEquals(36.0, metrics.count("recon.assembly.samples"));
        assertTrue(dlq.isEmpty());
    }

    @Test
    void unusableRecordsAndSamplesAreDeadLettersNamingTheInputRecord() throws Exception {
        start("telegraf-json");
        send("k".getBytes(StandardCharsets.UTF_8), "{not json");
        send(null, ShipperRecords.telegrafJson("m", Map.of("host", "h"), Map.of("a", 1.0, "note", "text"), T).replace(
                "\"a\":1", "\"a\":1,\"huge\":1e400"));
        send(null, ShipperRecords.telegrafJson("m", Map.of(), Map.of("a", 1.0), T));
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(3, dead.size());
        assertEquals("not_json", header(dead.get(0), "recon.dlq.reason"));
        assertEquals("metrics", header(dead.get(0), "recon.dlq.topic"), "the input topic, not the repartition topic");
        assertEquals("0", header(dead.get(0), "recon.dlq.offset"));
        assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8), "the original bytes");
        assertEquals("non_finite", header(dead.get(1), "recon.dlq.reason"));
        assertTrue(header(dead.get(1), "recon.dlq.detail").startsWith("1 of 2 samples (the others were read)"),
                header(dead.get(1), "recon.dlq.detail"));
        assertEquals("no_entity", header(dead.get(2), "recon.dlq.reason"));
        assertEquals(3.0, metrics.count("recon.dead.letters", "reason", "not_json")
                + metrics.count("recon.dead.letters", "reason", "non_finite")
                + metrics.count("recon.dead.letters", "reason", "no_entity"));
    }

    @Test
    void aSeriesThatStopsIsCarriedThenDeadLetteredThenPagesAsADroppedSeries() throws Exception {
        start("prometheus-json");
        for (int k = 0; k < 20; k++) {
            boolean c = k < 5 || k >= 17; // node c stops reporting at scrape 5 and is back at 17
            for (String n : c ? new String[] {"a", "b", "c"} : new String[] {"a", "b"}) {
                send(null, ShipperRecords.prometheusAdapter(n, Map.of("instance", "h1:9100", "job", "node"),
                        n.equals("c") ? 3.0 : 0.2, T + k * 15_000L));
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        // steps of 10 s (the default; scrapes every 15 s): c's last value is carried 3 steps, 30 s (scrapes 5 and 6)
        assertEquals(10, dead.size(), "scrapes 7-16, without c");
        assertEquals("missing_field", header(dead.get(0), "recon.dlq.reason"));
        assertEquals(9, scores.readRecordsToList().size(), "scrapes 0-6 and 17-18 (19 is still open)");
        List<TestRecord<byte[], byte[]>> a = alerts.readRecordsToList();
        assertEquals(2, a.size(), "one dropped-series alert, fired and resolved");
        JsonNode fired = Json.mapper().readTree(a.get(0).value());
        assertEquals("dropped_series", fired.get("kind").asText());
        assertEquals("c", fired.get("feature").asText());
        assertEquals("h1:9100", fired.get("key").asText());
        assertEquals(T + 7 * 15_000L, fired.get("since").asLong(), "the first vector without it");
        assertEquals(T + 11 * 15_000L, fired.get("timestamp").asLong(), "the fifth");
        JsonNode back = Json.mapper().readTree(a.get(1).value());
        assertEquals("resolved", back.get("status").asText());
        assertEquals(T + 17 * 15_000L, back.get("timestamp").asLong());
    }

    @Test
    void aVectorWithoutAModelFeatureIsAMissingFieldDeadLetter() throws Exception {
        start("influx-line");
        for (int k = 0; k < 3; k++) {
            send(null, "m,host=h a=1,b=2 " + (T + k * 10_000L) * 1_000_000L + "\n");
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(2, dead.size(), "two closed steps, neither has m.c");
        assertEquals("missing_field", header(dead.get(0), "recon.dlq.reason"));
        JsonNode v = Json.mapper().readTree(dead.get(0).value());
        assertEquals("h", v.get("key").asText());
        assertEquals(1.0, v.get("fields").get("m.a").asDouble(), "the assembled vector as an input record");
    }

    @Test
    void eachTopicItsOwnFormat() throws Exception {
        start("metrics=prometheus-json", "metrics,records");
        TestInputTopic<byte[], byte[]> json = driver.createInputTopic("records", new ByteArraySerializer(),
                new ByteArraySerializer());
        json.pipeInput("h9".getBytes(StandardCharsets.UTF_8),
                "{\"timestamp\":1000,\"fields\":{\"a\":0.2,\"b\":-0.1,\"c\":3.05}}".getBytes(StandardCharsets.UTF_8));
        for (int k = 0; k < 3; k++) {
            for (String n : List.of("a", "b", "c")) {
                send(null, ShipperRecords.prometheusAdapter(n, Map.of("instance", "h1"), 0.5, T + k * 15_000L));
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        List<String> keys = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : scores.readRecordsToList()) {
            keys.add(Json.mapper().readTree(r.value()).get("key").asText());
        }
        assertEquals(List.of("h9", "h1", "h1"), keys, "recon-json scored as it comes; the samples' first two steps closed");
        assertTrue(dlq.isEmpty());
    }
}
