package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.cli.StreamFixture;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.schemas.record.Alert;
import io.recon.schemas.record.ScoredRecord;
import io.recon.streaming.ReconService;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One code path: a series in NAB's layout, scored by the NAB suite (which replays the model's scores through
 * serve's alert decisions), then the same rows produced to a real broker and scored by {@code recon serve} with
 * the suite's model and serve's defaults. Every record's score, calibrated value and alerting decision, and every
 * firing alert, must be the suite's.
 */
class NabReplayIT {
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    /** Five-minute rows: a daily cycle and noise, a spike at 1500 and a level shift over 1800-1900. */
    private Path nabLayout(int n) throws Exception {
        Path dir = tmp.resolve("nab");
        Files.createDirectories(dir.resolve("data/synthetic"));
        Files.createDirectories(dir.resolve("labels"));
        Random r = new Random(12);
        long start = Instant.parse("2014-01-01T00:00:00Z").toEpochMilli();
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < n; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / 288) + r.nextGaussian() + (i == 1500 ? 25 : 0)
                    + (i >= 1800 && i < 1900 ? 12 : 0);
            lines.add(NAB_TIME.format(Instant.ofEpochMilli(start + i * 300_000L)) + "," + (float) v);
        }
        Files.write(dir.resolve("data/synthetic/machine.csv"), lines);
        String w1 = "[\"" + NAB_TIME.format(Instant.ofEpochMilli(start + 1480 * 300_000L)) + ".000000\",\""
                + NAB_TIME.format(Instant.ofEpochMilli(start + 1520 * 300_000L)) + ".000000\"]";
        String w2 = "[\"" + NAB_TIME.format(Instant.ofEpochMilli(start + 1780 * 300_000L)) + ".000000\",\""
                + NAB_TIME.format(Instant.ofEpochMilli(start + 1830 * 300_000L)) + ".000000\"]";
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"synthetic/machine.csv\": [" + w1 + "," + w2 + "]}");
        return dir;
    }

    @Test
    void reconServeOnABrokerGivesTheSuitesPerRecordOutputs() throws Exception {
        int n = 2400;
        Path dir = nabLayout(n);
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path out = tmp.resolve("scores");
        int window = 16;
        BenchSupport.Settings s = new BenchSupport.Settings(ModelKind.DENSE_AE, window, 30, 10, 1e-3, 64, 1, null, null,
                ConvAeConfig.DEFAULT_LATENT, ThresholdCalibrator.Method.quantile(0.995));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Map<String, Object> result = NabSuite.run(dir, work, s, "serving", out, quiet, quiet);
        assertEquals(1, result.get("files"));
        List<String> rows = Files.readAllLines(out.resolve("synthetic/machine.csv"));
        assertEquals("timestamp,value,score,threshold,calibrated,alerting,fired,label", rows.get(0));
        Map<Long, String[]> suite = new HashMap<>();
        Set<Long> suiteFired = new TreeSet<>();
        List<String[]> inputs = new ArrayList<>();
        for (String line : rows.subList(1, rows.size())) {
            String[] c = line.split(",");
            long ts = Long.parseLong(c[0]);
            suite.put(ts, c);
            if (c[6].equals("1")) {
                suiteFired.add(ts);
            }
            inputs.add(new String[] {"machine", StreamFixture.record("machine", ts, List.of("value"), new float[] {Float.parseFloat(c[1])})});
        }
        assertFalse(suiteFired.isEmpty(), "the suite's replay fires alerts on this series");

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                ReconService svc = ReconService.start(StreamFixture.config(kafka, work.resolve("nab"), "nab",
                        tmp.resolve("state"), Map.of()))) {
            StreamFixture.produce(kafka, "nab.records", inputs);
            List<ConsumerRecord<byte[], byte[]>> scored = StreamFixture.read(kafka, "nab.scores", n - window + 1,
                    Duration.ofSeconds(120));
            assertEquals(n - window + 1, scored.size(), "a windowed model scores every row once its window is full");
            int compared = 0;
            for (ConsumerRecord<byte[], byte[]> rec : scored) {
                ScoredRecord sr = Json.mapper().readValue(rec.value(), ScoredRecord.class);
                String[] c = suite.get(sr.timestamp());
                float suiteScore = Float.parseFloat(c[2]);
                assertEquals(suiteScore, sr.score(), 1e-6 * Math.max(1, suiteScore), "score at " + sr.timestamp());
                assertEquals(Double.parseDouble(c[3]), sr.threshold(), 0, "threshold");
                double calibrated = Double.parseDouble(c[4]);
                assertEquals(calibrated, sr.calibrated(), 5e-4 * calibrated, "calibrated at " + sr.timestamp());
                assertEquals(c[5].equals("1"), sr.alerting(), "alerting at " + sr.timestamp());
                compared++;
            }
            assertEquals(n - window + 1, compared);
            Set<Long> serveFired = new TreeSet<>();
            for (ConsumerRecord<byte[], byte[]> rec : StreamFixture.read(kafka, "nab.alerts", suiteFired.size(),
                    Duration.ofSeconds(30))) {
                Alert a = Json.mapper().readValue(rec.value(), Alert.class);
                if (a.status() == Alert.Status.FIRING) {
                    serveFired.add(a.timestamp());
                }
            }
            assertEquals(suiteFired, serveFired, "serve fires where the suite counts detections");
            assertTrue(svc.failure().getNow(null) == null);
        }
    }
}
