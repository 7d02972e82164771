package io.recon.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.trainer.data.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Golden test against NAB itself: the published outputs of three detectors on the 14 files in
 * {@code ../shared/datasets/nab} (reference/README.md) must score what NAB's own code scores on them,
 * standard profile, threshold swept: HTM 68.79, Random Cut Forest 56.52, windowed Gaussian 2.82.
 * Skipped where that data is absent (tests must not need it; CI has it).
 */
class NabReferenceTest {
    private static final Path NAB = Path.of("..", "..", "shared", "datasets", "nab");
    private static final NabScorer.Profile STANDARD = new NabScorer.Profile("standard", 1.0, 0.11, 1.0);

    private static List<NabScorer.Series> corpus(String detector) throws IOException {
        JsonNode windows = Json.mapper().readTree(NAB.resolve("labels/combined_windows.json").toFile());
        Path dir = NAB.resolve("reference").resolve(detector);
        List<NabScorer.Series> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path f : files) {
            String key = dir.relativize(f).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(f);
            long[] t = new long[lines.size() - 1];
            double[] score = new double[t.length];
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                t[i - 1] = Timestamps.parse(cells[0]);
                score[i - 1] = Double.parseDouble(cells[1]);
            }
            List<long[]> bounds = new ArrayList<>();
            for (JsonNode b : windows.get(key)) {
                bounds.add(new long[] {Timestamps.parse(b.get(0).asText()), Timestamps.parse(b.get(1).asText())});
            }
            out.add(new NabScorer.Series(key, t, score, bounds));
        }
        return out;
    }

    private static void reproduces(String detector, double published) throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(NAB.resolve("reference").resolve(detector)), "no " + NAB + " here");
        List<NabScorer.Series> corpus = corpus(detector);
        assertEquals(14, corpus.size());
        double got = NabScorer.score(corpus, STANDARD).normalized();
        System.out.printf("NAB reference %s: %.3f (published %.2f)%n", detector, got, published);
        assertEquals(published, got, 0.05, detector);
    }

    @Test
    void htm() throws IOException {
        reproduces("numenta", 68.79);
    }

    @Test
    void randomCutForest() throws IOException {
        reproduces("randomCutForest", 56.52);
    }

    @Test
    void windowedGaussian() throws IOException {
        reproduces("windowedGaussian", 2.82);
    }
}
