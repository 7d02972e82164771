package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.testkit.DataGenerator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recon eval} on generated data, a CSV and an MNIST-style directory. */
class EvalIT {
    @TempDir
    Path dir;

    @Test
    void evalPrintsMetricsAndWritesPlots() throws Exception {
        Path csv = DataGenerator.correlatedCsv(dir, 1500, 6, 0.05, 51);
        Path model = dir.resolve("m");
        assertEquals(0, CliRun.of("train", "--model", "vae", "--data", csv.toString(), "--label-column", "label",
                "--normal-label", "0", "--epochs", "20", "--out", model.toString()).exitCode());
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--data", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = run.lastJson();
        for (String k : List.of("auroc", "auprc", "best_f1", "f1_at_threshold", "precision", "recall", "far", "mar", "n",
                "anomalies")) {
            assertTrue(j.has(k), "missing " + k + " in " + j);
        }
        assertEquals(1500, j.get("n").asInt());
        assertTrue(j.get("auroc").asDouble() > 0.9, j.toString());
        for (String png : List.of("eval-score-histogram.png", "eval-roc.png", "training-loss.png")) {
            BufferedImage img = ImageIO.read(model.resolve(png).toFile());
            assertTrue(img != null && img.getWidth() == 800, png);
        }
    }

    @Test
    void evalOnAnMnistStyleDirectoryScoresItsTestImagesAndSaysSo() throws Exception {
        Path mnist = DataGenerator.mnistLayout(dir, "digits", 12, 500, 0.0, 180, 0.3, 57);
        Path model = dir.resolve("m");
        assertEquals(0, CliRun.of("train", "--model", "conv-ae", "--data", mnist.toString(), "--normal-label", "0",
                "--channels", "8,16", "--latent", "16", "--epochs", "10", "--out", model.toString()).exitCode());
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--data", mnist.toString(), "--normal-label", "0",
                "--no-plots");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode j = run.lastJson();
        assertEquals(180, j.get("n").asInt(), j.toString());
        assertTrue(j.get("data").asText().endsWith("t10k-images-idx3-ubyte.gz"), j.toString());
        assertTrue(run.out().contains("t10k-images-idx3-ubyte.gz: 180 inputs"), run.out());
        assertTrue(j.get("auroc").asDouble() > 0.9, j.toString());
    }
}
