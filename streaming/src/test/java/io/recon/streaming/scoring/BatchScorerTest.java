package io.recon.streaming.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Full batches run on pinned tensors, partial ones on tensors of their own: both must give what a plain run gives. */
class BatchScorerTest {
    private static OnnxModel load(String name) throws Exception {
        return OnnxModel.load(Path.of(BatchScorerTest.class.getResource("/models/" + name).toURI()), ScorerOptions.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "window"})
    void fullAndPartialBatchesScoreAsAPlainRunDoes(String name) throws Exception {
        int capacity = 16;
        try (OnnxModel m = load(name); BatchScorer s = new BatchScorer(m, capacity)) {
            Random r = new Random(7);
            int d = s.inputSize();
            int f = s.features();
            // full, partial, then full again with other data: the pinned outputs must hold the new batch's results
            for (int n : new int[] {capacity, 5, capacity, 1, capacity}) {
                float[][] rows = new float[n][d];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        rows[i][j] = (float) (r.nextGaussian() * (1 + i));
                        s.staging[i * d + j] = rows[i][j];
                    }
                }
                s.run(n);
                OnnxModel.Outputs expected = m.scoreAll(rows);
                float[] scores = java.util.Arrays.copyOf(s.scores, n);
                float[] errors = java.util.Arrays.copyOf(s.featureErrors, n * f);
                assertArrayEquals(expected.score(), scores, "scores, batch of " + n);
                assertArrayEquals(expected.featureError(), errors, "feature errors, batch of " + n);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void aClosedScorerRefusesToRun(int n) throws Exception {
        try (OnnxModel m = load("dense")) {
            BatchScorer s = new BatchScorer(m, 16);
            s.run(16); // makes the full-batch tensors
            s.close();
            s.close(); // twice is harmless
            assertThrows(IllegalStateException.class, () -> s.run(n));
        }
    }
}
