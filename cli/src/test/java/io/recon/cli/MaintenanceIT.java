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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recon maintenance add / list / remove} on a real broker, and a scorer following the topic: an incident on a
 * key inside its window raises no alert and its records are marked; the same incident on another key alerts; after
 * the window the key alerts again; a removed window is gone from the list.
 */
class MaintenanceIT {
    @TempDir
    Path dir;

    @Test
    void aWindowSilencesExactlyItsKeysForExactlyItsSpan() throws Exception {
        Path csv = DataGenerator.correlatedCsv(dir, 600, 6, 0.0, 51);
        Path model = dir.resolve("model");
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(model)
                .setTraining(new TrainConfig(3, 64, 3e-3, 0.2, 5, 1)).optRead(new ReadOptions("label", null, List.of()))
                .optModelName("mw").optModelVersion("v1")
                .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false)).build(), ProgressListener.NONE);
        FeatureTable t = DataLoader.load(csv, new ReadOptions("label", null, List.of()));
        long t0 = Instant.parse("2026-12-08T02:00:00Z").toEpochMilli();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String b = kafka.bootstrapServers();
            CliRun add = CliRun.of("maintenance", "add", "--bootstrap", b, "--topic", "mw.maintenance", "--keys", "db-.*",
                    "--from", "2026-12-08T02:00:00Z", "--to", "+10m", "--reason", "kernel upgrade");
            assertEquals(0, add.exitCode(), add.err());
            Matcher id = Pattern.compile("added maintenance window (\\S+):").matcher(add.out());
            assertTrue(id.find(), add.out());
            CliRun list = CliRun.of("maintenance", "list", "--bootstrap", b, "--topic", "mw.maintenance");
            assertTrue(list.out().contains(id.group(1)) && list.out().contains("db-.*") && list.out().contains("kernel upgrade")
                    && list.out().contains("2026-12-08T02:10:00Z"), list.out());

            try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "mw", dir.resolve("state"),
                    Map.of("recon.maintenance.topic", "mw.maintenance")))) {
                List<String[]> records = new ArrayList<>();
                for (String key : List.of("db-1", "web-1")) {
                    for (int i = 0; i < 3; i++) { // an incident at 02:05, inside the window
                        records.add(new String[] {key, StreamFixture.record(key, t0 + 300_000 + i * 1000L, t.featureNames(),
                                extreme(t.rows()[i]))});
                    }
                }
                for (int i = 0; i < 120; i++) { // after the window db-1 settles (its calibration starts over) ...
                    records.add(new String[] {"db-1", StreamFixture.record("db-1", t0 + 600_000 + i * 1000L, t.featureNames(),
                            t.rows()[i])});
                }
                for (int i = 0; i < 3; i++) { // ... and the same incident at 02:15 pages
                    records.add(new String[] {"db-1", StreamFixture.record("db-1", t0 + 900_000 + i * 1000L, t.featureNames(),
                            extreme(t.rows()[i]))});
                }
                StreamFixture.produce(kafka, "mw.records", records);
                List<ConsumerRecord<byte[], byte[]>> scored = StreamFixture.read(kafka, "mw.scores", 129, Duration.ofSeconds(60));
                assertEquals(129, scored.size());
                for (ConsumerRecord<byte[], byte[]> r : scored) {
                    JsonNode s = Json.mapper().readTree(r.value());
                    boolean inWindow = s.get("key").asText().equals("db-1") && s.get("timestamp").asLong() < t0 + 600_000;
                    assertEquals(inWindow, s.path("maintenance").asBoolean(false), s.toString());
                }
                List<String> fired = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, "mw.alerts", 2, Duration.ofSeconds(30))) {
                    JsonNode a = Json.mapper().readTree(r.value());
                    if (a.get("status").asText().equals("firing")) {
                        // the minute of the incident (a key fires at its first or second anomalous record)
                        fired.add(a.get("key").asText() + "@" + Instant.ofEpochMilli(a.get("timestamp").asLong())
                                .truncatedTo(ChronoUnit.MINUTES));
                    }
                }
                assertEquals(List.of("web-1@2026-12-08T02:05:00Z", "db-1@2026-12-08T02:15:00Z"), fired.stream().sorted(
                        (x, y) -> x.substring(x.indexOf('@')).compareTo(y.substring(y.indexOf('@')))).toList(),
                        "web-1 alerts in the window, db-1 only after it");
                assertEquals(3.0, svc.metrics().count("recon.records.maintenance"));
            }

            CliRun remove = CliRun.of("maintenance", "remove", "--bootstrap", b, "--topic", "mw.maintenance", id.group(1));
            assertEquals(0, remove.exitCode(), remove.err());
            CliRun after = CliRun.of("maintenance", "list", "--bootstrap", b, "--topic", "mw.maintenance");
            assertTrue(after.out().contains("no maintenance windows"), after.out());
            CliRun again = CliRun.of("maintenance", "remove", "--bootstrap", b, "--topic", "mw.maintenance", id.group(1));
            assertEquals(1, again.exitCode());
            assertTrue(again.err().contains("no maintenance window " + id.group(1)), again.err());
            CliRun bad = CliRun.of("maintenance", "add", "--bootstrap", b, "--keys", "([", "--to", "+1h");
            assertEquals(1, bad.exitCode());
            assertTrue(bad.err().contains("is not a regular expression"), bad.err());
        }
    }

    private static float[] extreme(float[] row) {
        float[] out = row.clone();
        for (int f = 0; f < out.length; f++) {
            out[f] = 50 * (Math.abs(out[f]) + 1);
        }
        return out;
    }
}
