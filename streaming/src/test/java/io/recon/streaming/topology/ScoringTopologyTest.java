package io.recon.streaming.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/** The topology with the golden models under TopologyTestDriver (the broker tests live in the cli module). */
class ScoringTopologyTest {
    private TopologyTestDriver driver;
    private OnnxModel model;
    private ReconMetrics metrics;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<byte[], byte[]> scores;
    private TestOutputTopic<byte[], byte[]> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;
    private ModelRegistry registry;
    private final List<OnnxModel> extraModels = new java.util.ArrayList<>();
    private io.recon.streaming.maintenance.Maintenance maintenance;
    private io.recon.streaming.feedback.FeedbackLog feedback;

    private void start(String modelName, Map<String, String> extra) throws Exception {
        Path dir = Path.of(getClass().getResource("/models/" + modelName).toURI());
        Map<String, String> flags = new java.util.HashMap<>(Map.of("recon.bootstrap", "dummy:9092", "recon.model.dir",
                dir.toString(), "recon.state.dir", "target/tt-state", "recon.alert.cooldown.ms", "10000",
                "recon.alert.cooldown.records", "1", "recon.alert.persistence.k", "1", "recon.alert.persistence.n", "1"));
        flags.putAll(extra);
        ServeConfig config = ConfigLoader.load(flags, Map.of(), null);
        maintenance = config.maintenance();
        feedback = config.feedback();
        model = OnnxModel.load(dir, ScorerOptions.defaults());
        metrics = new ReconMetrics();
        extraModels.clear();
        for (java.nio.file.Path extraDir : config.extraModelDirs()) {
            extraModels.add(OnnxModel.load(extraDir, ScorerOptions.defaults()));
        }
        Properties props = StreamsConfigFactory.build(config);
        registry = new ModelRegistry();
        registry.add(model);
        extraModels.forEach(registry::add);
        driver = new TopologyTestDriver(ScoringTopology.build(config, registry, metrics, Runnable::run), props);
        in = driver.createInputTopic("recon.records", new ByteArraySerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic("recon.scores", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic("recon.alerts", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic("recon.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (registry != null) {
            registry.closeAll(); // the models close with their holders' references (no batch holds one now)
        }
    }

    private void send(String key, String json) {
        in.pipeInput(key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(TestRecord<byte[], byte[]> r) throws Exception {
        return Json.mapper().readTree(r.value());
    }

    /** Record times in epoch milliseconds (2025-11-24): small numbers would be read as seconds. */
    private static final long T0 = 1_764_000_000_000L;

    @Test
    void scoresMatchTheModelAndAnomaliesFireThenResolve() throws Exception {
        start("dense", Map.of());
        float[][] rows = {{0.2f, -0.1f, 3.05f}, {1.0f, -0.5f, 3.5f}, {9f, 9f, -9f}, {0.4f, -0.2f, 3.1f}};
        long[] times = {T0 + 1000, T0 + 2000, T0 + 3000, T0 + 20_000};
        for (int i = 0; i < rows.length; i++) {
            send("h1", String.format("{\"timestamp\":%d,\"fields\":{\"a\":%s,\"b\":%s,\"c\":%s}}", times[i], rows[i][0],
                    rows[i][1], rows[i][2]));
        }
        float[] expected = model.scoreAll(rows).score();
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(4, out.size(), "the commit hook flushes pending records before each commit");
        for (int i = 0; i < 4; i++) {
            JsonNode s = json(out.get(i));
            assertEquals(expected[i], s.get("score").floatValue(), 1e-6);
            assertEquals("h1", s.get("key").asText());
            assertEquals(times[i], s.get("timestamp").asLong());
            assertEquals("golden-dense", s.get("model").asText());
        }
        assertFalse(json(out.get(0)).get("is_anomaly").asBoolean());
        assertTrue(json(out.get(2)).get("is_anomaly").asBoolean());
        List<TestRecord<byte[], byte[]>> a = alerts.readRecordsToList();
        assertEquals(2, a.size());
        assertEquals("firing", json(a.get(0)).get("status").asText());
        assertEquals(T0 + 3000, json(a.get(0)).get("timestamp").asLong());
        assertEquals(3, json(a.get(0)).get("top_features").size());
        assertEquals("resolved", json(a.get(1)).get("status").asText(), "quiet for the cooldown: resolved");
        assertEquals(4.0, metrics.count("recon.records.scored"));
    }

    @Test
    void aTimestampInSecondsIsReadAsSecondsAndCounted() throws Exception {
        start("dense", Map.of());
        send("h9", "{\"timestamp\":1796094000,\"values\":[0.2,-0.1,3.05]}"); // as Telegraf writes by default
        send("h9", "{\"timestamp\":" + (T0 + 1000) + ",\"values\":[0.2,-0.1,3.05]}");
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(1796094000000L, json(out.get(0)).get("timestamp").asLong(), "2026-12-01, not January 1970");
        assertEquals(T0 + 1000, json(out.get(1)).get("timestamp").asLong());
        assertEquals(1.0, metrics.count("recon.input.timestamps.converted", "unit", "s"));
    }

    @Test
    void aMaintenanceWindowSilencesItsKeysForItsSpanAndKeepsThemOutOfCalibration() throws Exception {
        // a budget per key, so that db-1's limit does not depend on how many keys the test uses
        start("dense", Map.of("recon.alert.false-alerts-per-key-per-day", "1"));
        maintenance.set(List.of(new io.recon.streaming.maintenance.MaintenanceWindow("w1", "db-.*", T0, T0 + 100_000,
                "upgrade", T0)));
        for (int i = 0; i < 70; i++) { // 70 ordinary records: outside a window they would be in the store (after 64)
            send("db-1", "{\"timestamp\":" + (T0 + 10_000 + i * 100) + ",\"values\":[0.2,-0.1,3.05]}");
        }
        assertEquals(70, scores.readRecordsToList().size());
        for (int i = 0; i < 3; i++) { // anomalies inside the window: db-1 matches, web-1 does not
            send("db-1", "{\"timestamp\":" + (T0 + i * 1000) + ",\"values\":[9,9,-9]}");
            send("web-1", "{\"timestamp\":" + (T0 + i * 1000) + ",\"values\":[9,9,-9]}");
        }
        List<TestRecord<byte[], byte[]>> a = alerts.readRecordsToList();
        assertEquals(List.of("web-1"), a.stream().map(r -> jsonQuiet(r).get("key").asText()).toList(),
                "only the key outside the window alerts");
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(6, out.size(), "every record is still scored");
        for (TestRecord<byte[], byte[]> r : out) {
            JsonNode s = json(r);
            boolean db = s.get("key").asText().equals("db-1");
            assertEquals(db, s.path("maintenance").asBoolean(false), s.toString());
            if (db) {
                assertFalse(s.get("alerting").asBoolean());
                assertTrue(s.get("is_anomaly").asBoolean(), "scored as usual: " + s);
            }
        }
        assertEquals(73.0, metrics.count("recon.records.maintenance"));
        byte[] stored = driver.<String, byte[]>getKeyValueStore(ScoringTopology.CALIBRATION_STORE).get("golden-dense\u0000db-1");
        // calibration state format 3: magic, 64 bins, weight, total, then the record count; the maintenance byte ends
        // format 2's fields (excluded run, gap, last time, bits, accepted level and until before it)
        assertEquals(0, java.nio.ByteBuffer.wrap(stored).getLong(4 + 8 * 64 + 16), "the window's records never enter "
                + "the key's calibration (73 records, none counted)");
        int maintenance = 4 + 8 * 64 + 16 + 8 + 4 + 8 + 8 + 4 + 8 + 8;
        assertEquals(1, stored[maintenance], "the key is marked: its calibration starts over after the window");
        // the window has ended; the work left the key at a new level: it settles, learns that level, then alerts as usual
        for (int i = 0; i < 150; i++) {
            send("db-1", "{\"timestamp\":" + (T0 + 100_000 + i * 100) + ",\"values\":[" + (1.5 + 0.01 * (i % 7))
                    + ",1.2,1.0]}");
        }
        assertEquals(List.of(), alerts.readRecordsToList(), "no alert after the window for the level it left behind");
        send("db-1", "{\"timestamp\":" + (T0 + 120_000) + ",\"values\":[9,9,-9]}");
        List<TestRecord<byte[], byte[]>> after = alerts.readRecordsToList();
        assertEquals(1, after.size(), "once settled the key alerts as usual");
        assertEquals("db-1", json(after.get(0)).get("key").asText());
    }

    @Test
    void aFalsePositiveVerdictStopsTheSamePatternFromPagingAgain() throws Exception {
        start("dense", Map.of());
        java.util.Random r = new java.util.Random(5);
        long t = T0;
        for (int i = 0; i < 300; i++, t += 1000) { // a warm key: its own calibration decides
            send("h7", String.format(java.util.Locale.ROOT, "{\"timestamp\":%d,\"values\":[%.4f,%.4f,%.4f]}", t,
                    0.2 + 0.05 * r.nextGaussian(), -0.1 + 0.05 * r.nextGaussian(), 3.05 + 0.05 * r.nextGaussian()));
        }
        send("h7", "{\"timestamp\":" + t + ",\"values\":[1.5,1.2,1.0]}"); // a pattern the model finds odd
        long alertAt = t;
        List<TestRecord<byte[], byte[]>> first = alerts.readRecordsToList();
        assertEquals(1, first.size(), "the pattern pages once");
        JsonNode a = json(first.get(0));
        for (int i = 0; i < 20; i++) { // quiet again: the alert resolves
            t += 1000;
            send("h7", String.format(java.util.Locale.ROOT, "{\"timestamp\":%d,\"values\":[%.4f,%.4f,%.4f]}", t,
                    0.2 + 0.05 * r.nextGaussian(), -0.1 + 0.05 * r.nextGaussian(), 3.05 + 0.05 * r.nextGaussian()));
        }
        assertEquals("resolved", json(alerts.readRecordsToList().get(0)).get("status").asText());
        // the operator says it was fine; the scorer finds the alert's score and the key learns it
        feedback.add(new io.recon.streaming.feedback.Feedback("h7", "", io.recon.streaming.feedback.Feedback.Verdict
                .FALSE_POSITIVE, alertAt, alertAt, "", t, new double[] {a.get("score").asDouble() / a.get("threshold").asDouble()}));
        t += 1000;
        send("h7", "{\"timestamp\":" + t + ",\"values\":[1.5,1.2,1.0]}"); // the same pattern again
        List<TestRecord<byte[], byte[]>> sc = scores.readRecordsToList();
        assertEquals(List.of(), alerts.readRecordsToList(), "a repeat of the false alert's pattern does not page: "
                + json(sc.get(sc.size() - 1)) + " first alert " + a);
        t += 1000;
        send("h7", "{\"timestamp\":" + t + ",\"values\":[9,9,-9]}"); // something far worse still does
        assertEquals(1, alerts.readRecordsToList().size());
    }

    private static JsonNode jsonQuiet(TestRecord<byte[], byte[]> r) {
        try {
            return json(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void persistentAnomalyRaisesOneAlert() throws Exception {
        start("dense", Map.of());
        for (int i = 0; i < 5; i++) {
            send("h2", "{\"timestamp\":" + (1000 + i) + ",\"values\":[9,9,-9]}");
        }
        assertEquals(1, alerts.readRecordsToList().size());
        assertEquals(5, scores.readRecordsToList().size());
    }

    @Test
    void minAnomaliesDebouncesSingleOutliers() throws Exception {
        start("dense", Map.of("recon.alert.min.anomalies", "2"));
        send("h3", "{\"timestamp\":" + (T0 + 1) + ",\"values\":[9,9,-9]}");
        send("h3", "{\"timestamp\":" + (T0 + 2) + ",\"values\":[0.2,-0.1,3.05]}");
        send("h3", "{\"timestamp\":" + (T0 + 3) + ",\"values\":[9,9,-9]}");
        assertEquals(0, alerts.readRecordsToList().size(), "isolated anomalies do not fire");
        send("h3", "{\"timestamp\":" + (T0 + 4) + ",\"values\":[9,9,-9]}");
        List<TestRecord<byte[], byte[]>> a = alerts.readRecordsToList();
        assertEquals(1, a.size());
        assertEquals(T0 + 4, json(a.get(0)).get("timestamp").asLong());
    }

    @Test
    void badRecordsGoToDeadLettersAndOthersAreScored() throws Exception {
        start("dense", Map.of());
        send("k", "{\"timestamp\":1,\"values\":[1,2,3]}");
        send("k", "{\"timestamp\":1,\"values\":[1,2]}");
        send("k", "{\"timestamp\":1,\"fields\":{\"a\":1,\"b\":true,\"c\":2}}");
        send("k", "{oops");
        send("k", "{\"timestamp\":2,\"fields\":{\"a\":1,\"b\":2,\"c\":3,\"extra\":\"ignored\"}}");
        assertEquals(2, scores.readRecordsToList().size());
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(List.of("wrong_dimension", "wrong_type", "not_json"), dead.stream()
                .map(r -> new String(r.headers().lastHeader("recon.dlq.reason").value(), StandardCharsets.UTF_8)).toList());
        assertEquals("{oops", new String(dead.get(2).value(), StandardCharsets.UTF_8));
    }

    @Test
    void aFeatureThatStopsComingFiresOneDroppedSeriesAlertAndComingBackResolvesIt() throws Exception {
        start("dense", Map.of()); // a drop fires after 5 records
        for (int i = 0; i < 20; i++) {
            send("db-1", "{\"key\":\"db-1\",\"timestamp\":" + (T0 + i * 1000) + ",\"fields\":{\"a\":0.2,\"b\":-0.1,\"c\":3.05}}");
        }
        assertEquals(20, scores.readRecordsToList().size());
        for (int i = 20; i < 27; i++) { // c is gone: 7 records, each a dead letter
            send("db-1", "{\"key\":\"db-1\",\"timestamp\":" + (T0 + i * 1000) + ",\"fields\":{\"a\":0.2,\"b\":-0.1}}");
        }
        send("web-1", "{\"timestamp\":" + (T0 + 27_000) + ",\"fields\":{\"a\":0.2,\"b\":-0.1}}"); // one record: no alert
        assertEquals(8, dlq.readRecordsToList().size(), "every record that lacks c is a dead letter");
        List<TestRecord<byte[], byte[]>> fired = alerts.readRecordsToList();
        assertEquals(1, fired.size(), "one alert for the drop");
        JsonNode a = json(fired.get(0));
        assertEquals("db-1", a.get("key").asText());
        assertEquals("db-1", new String(fired.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("firing", a.get("status").asText());
        assertEquals("dropped_series", a.get("kind").asText());
        assertEquals("c", a.get("feature").asText());
        assertEquals(T0 + 20_000, a.get("since").asLong(), "since its first record without c");
        assertEquals(T0 + 24_000, a.get("timestamp").asLong(), "fired at the fifth");
        assertEquals(3, a.get("format").asInt());
        send("db-1", "{\"key\":\"db-1\",\"timestamp\":" + (T0 + 28_000) + ",\"fields\":{\"a\":0.2,\"b\":-0.1,\"c\":3.05}}");
        assertEquals(1, scores.readRecordsToList().size());
        List<TestRecord<byte[], byte[]>> back = alerts.readRecordsToList();
        assertEquals(1, back.size());
        assertEquals("resolved", json(back.get(0)).get("status").asText());
        assertEquals(7, json(back.get(0)).get("records").asInt(), "db-1's 7 records without c (web-1's is another key)");
    }

    @Test
    void windowedModelScoresOnceTheKeysWindowIsFull() throws Exception {
        start("window", Map.of());
        float[][] rows = {{0.1f, -0.05f}, {0.3f, -0.2f}, {0.5f, -0.3f}, {0.7f, -0.3f}, {0.9f, -0.4f}};
        for (int i = 0; i < rows.length; i++) {
            send("w1", String.format("{\"timestamp\":%d,\"values\":[%s,%s]}", T0 + 100 + i, rows[i][0], rows[i][1]));
            if (i < 2) {
                send("w2", String.format("{\"timestamp\":%d,\"values\":[%s,%s]}", T0 + 100 + i, rows[i][0], rows[i][1]));
            }
        }
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(2, out.size(), "w1 scores from its 4th row on; w2 has only 2 rows");
        float[][] windows = new float[2][8];
        for (int w = 0; w < 2; w++) {
            for (int r = 0; r < 4; r++) {
                windows[w][2 * r] = rows[w + r][0];
                windows[w][2 * r + 1] = rows[w + r][1];
            }
        }
        float[] expected = model.scoreAll(windows).score();
        assertEquals(expected[0], json(out.get(0)).get("score").floatValue(), 1e-6);
        assertEquals(expected[1], json(out.get(1)).get("score").floatValue(), 1e-6);
        assertEquals(T0 + 103, json(out.get(0)).get("timestamp").asLong());
    }

    @Test
    void recordsRouteByKeyPatternToTheirModelWithFallbackAndDeadLetters() throws Exception {
        Path window = Path.of(getClass().getResource("/models/window").toURI());
        start("dense", Map.of("recon.models", window.toString(), "recon.route.by", "key",
                "recon.route.rules", "pump-.*=golden-window"));
        send("pump-1", "{\"timestamp\":1,\"values\":[0.1,-0.05]}");
        send("pump-1", "{\"timestamp\":2,\"values\":[0.3,-0.2]}");
        send("pump-1", "{\"timestamp\":3,\"values\":[0.5,-0.3]}");
        send("pump-1", "{\"timestamp\":4,\"values\":[0.7,-0.3]}");
        send("host-1", "{\"timestamp\":5,\"values\":[0.2,-0.1,3.05]}");
        send("host-2", "{\"key\":\"pump-9\",\"timestamp\":6,\"values\":[0.2,-0.1,3.05]}");
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(2, out.size(), "pump-1's window model scores its 4th row; host-1 goes to the fallback (dense)");
        assertEquals("golden-window", json(out.get(0)).get("model").asText());
        assertEquals("golden-dense", json(out.get(1)).get("model").asText());
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(1, dead.size(), "pump-9 (JSON key) routes to the window model, which takes 2 values, not 3");
        assertEquals("wrong_dimension", new String(dead.get(0).headers().lastHeader("recon.dlq.reason").value()));
    }

    @Test
    void recordsRouteByInputTopic() throws Exception {
        Path window = Path.of(getClass().getResource("/models/window").toURI());
        start("dense", Map.of("recon.models", window.toString(), "recon.input.topics", "recon.records,pumps",
                "recon.route.by", "topic", "recon.route.rules", "pumps=golden-window"));
        TestInputTopic<byte[], byte[]> pumps = driver.createInputTopic("pumps", new ByteArraySerializer(),
                new ByteArraySerializer());
        for (int i = 0; i < 4; i++) {
            pumps.pipeInput("p".getBytes(StandardCharsets.UTF_8),
                    ("{\"timestamp\":" + i + ",\"values\":[0.1,-0.1]}").getBytes(StandardCharsets.UTF_8));
        }
        send("h", "{\"timestamp\":9,\"values\":[0.2,-0.1,3.05]}");
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(2, out.size());
        assertEquals("golden-window", json(out.get(0)).get("model").asText());
        assertEquals("golden-dense", json(out.get(1)).get("model").asText());
    }

    @Test
    void withoutAFallbackUnroutedRecordsAreDeadLettered() throws Exception {
        start("dense", Map.of("recon.route.by", "field", "recon.route.field", "site", "recon.route.rules",
                "eu-.*=golden-dense", "recon.route.fallback", "none"));
        send("a", "{\"site\":\"eu-west\",\"timestamp\":1,\"values\":[0.2,-0.1,3.05]}");
        send("b", "{\"site\":\"us-east\",\"timestamp\":2,\"values\":[0.2,-0.1,3.05]}");
        assertEquals(1, scores.readRecordsToList().size());
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals("no_model", new String(dead.get(0).headers().lastHeader("recon.dlq.reason").value()));
    }

    @Test
    void batchesFillUpToTheConfiguredSize() throws Exception {
        start("dense", Map.of("recon.batch.size", "4"));
        for (int i = 0; i < 10; i++) {
            send("b", "{\"timestamp\":" + i + ",\"values\":[0.1,0.2,3]}");
        }
        assertEquals(10, scores.readRecordsToList().size());
    }

    @Test
    void eachKeysCalibrationGoesToItsChangeloggedStoreAndScoredRecordsAreFormatThree() throws Exception {
        start("dense", Map.of());
        for (int i = 0; i < 70; i++) {
            send("h", "{\"timestamp\":" + (1000L * i) + ",\"values\":[0.2,-0.1,3.05]}");
        }
        List<TestRecord<byte[], byte[]>> out = scores.readRecordsToList();
        assertEquals(70, out.size());
        JsonNode last = json(out.get(69));
        assertEquals(3, last.get("format").asInt());
        assertTrue(last.has("calibrated") && last.has("tail_limit") && last.has("alerting"), last.toString());
        assertTrue(last.get("tail_limit").isNull(), "70 records: the key still warms up (100)");
        assertTrue(last.get("warming_up").asBoolean(), "and says so: " + last);
        assertEquals(last.get("calibrated"), last.get("tail_probability"));
        byte[] stored = driver.<String, byte[]>getKeyValueStore(ScoringTopology.CALIBRATION_STORE).get("golden-dense\u0000h");
        assertTrue(stored != null && java.nio.ByteBuffer.wrap(stored).getInt(0) == 0x52430003,
                "the key's calibration is in the changelogged store after 64 records, format 3");
    }

    @Test
    void withoutABudgetScoredRecordsStayFormatOne() throws Exception {
        start("dense", Map.of("recon.alert.false-alerts-per-day", "0")); // and per key: 0, the default
        send("h", "{\"timestamp\":1,\"values\":[0.2,-0.1,3.05]}");
        JsonNode s = json(scores.readRecordsToList().get(0));
        assertFalse(s.has("format") || s.has("calibrated"), s.toString());
    }
}
