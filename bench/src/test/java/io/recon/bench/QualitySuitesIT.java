package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.cli.CliRun;
import io.recon.testkit.DataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recon bench quality} on generated data laid out like each suite's real data. */
class QualitySuitesIT {
    @TempDir
    Path dir;

    @Test
    void oddsLayout() throws Exception {
        Path odds = Files.createDirectories(dir.resolve("odds"));
        Files.copy(DataGenerator.correlatedCsv(dir, 800, 5, 0.08, 52), odds.resolve("gen.csv"));
        CliRun run = CliRun.of("bench", "quality", "--suite", "odds", "--data-dir", odds.toString(), "--seeds", "2",
                "--epochs", "20");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = run.lastJson();
        assertEquals("odds", j.get("suite").asText());
        assertTrue(j.at("/files/gen").asDouble() > 0.85, j.toString());
    }

    @Test
    void skabLayout() throws Exception {
        Path skab = Files.createDirectories(dir.resolve("skab/valveX"));
        Random r = new Random(53);
        List<String> lines = new ArrayList<>();
        lines.add("datetime;a;b;anomaly;changepoint");
        for (int i = 0; i < 900; i++) {
            boolean bad = i > 600 && i < 700;
            double z = Math.sin(i / 20.0);
            lines.add(String.format(java.util.Locale.ROOT, "2020-01-01 00:%02d:%02d;%f;%f;%d;0", i / 60 % 60, i % 60,
                    z + 0.05 * r.nextGaussian() + (bad ? 2 : 0), -z + 0.05 * r.nextGaussian(), bad ? 1 : 0));
        }
        Files.write(skab.resolve("1.csv"), lines);
        CliRun run = CliRun.of("bench", "quality", "--suite", "skab", "--data-dir", dir.resolve("skab").toString(), "--epochs",
                "20", "--window", "10");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = run.lastJson();
        assertTrue(j.get("f1").asDouble() > 0.5 && j.has("far") && j.has("mar"), j.toString());
        double delay = j.get("delay_s").asDouble();
        assertTrue(delay >= 0 && delay < 30, "the shifted sensor is found within 30 s (causal windows of 10): " + j);
    }

    @Test
    void nabLayout() throws Exception {
        Path data = Files.createDirectories(dir.resolve("nab/data/gen"));
        Files.createDirectories(dir.resolve("nab/labels"));
        Random r = new Random(54);
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int i = 0; i < 2000; i++) {
            double v = 10 + Math.sin(i / 15.0) + 0.05 * r.nextGaussian() + (i >= 1500 && i < 1510 ? 8 : 0);
            lines.add(t0.plusMinutes(5L * i).toString().replace('T', ' ') + ":00," + v);
        }
        Files.write(data.resolve("series.csv"), lines);
        Files.writeString(dir.resolve("nab/labels/combined_windows.json"), "{\"gen/series.csv\": [[\""
                + t0.plusMinutes(5L * 1480).toString().replace('T', ' ') + ":00.000000\", \""
                + t0.plusMinutes(5L * 1560).toString().replace('T', ' ') + ":00.000000\"]]}");
        CliRun run = CliRun.of("bench", "quality", "--suite", "nab", "--data-dir", dir.resolve("nab").toString(), "--epochs",
                "20", "--window", "8");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = run.lastJson();
        assertTrue(j.get("standard").asDouble() > 50, "an obvious spike is found early: " + j);
        assertTrue(j.has("reward_low_FP_rate") && j.has("reward_low_FN_rate"));
    }

    @Test
    void mnistLayout() throws Exception {
        Path mnist = DataGenerator.mnistLayout(dir, "mnist", 8, 400, 0.5, 200, 0.5, 55);
        CliRun run = CliRun.of("bench", "quality", "--suite", "mnist", "--data-dir", mnist.toString(), "--epochs", "3");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = run.lastJson();
        assertEquals(2, j.get("per_class").size(), j.toString());
        assertTrue(j.get("mean_auroc").asDouble() > 0.7, j.toString());
    }
}
