package io.recon.streaming.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.contract.ScoreReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
    /** Deciles of Exp(1): -ln(1 - q). */
    private static ScoreReference exponentialDeciles() {
        List<Double> d = new ArrayList<>();
        for (int q = 1; q <= 9; q++) {
            d.add(-Math.log(1 - q / 10.0));
        }
        return new ScoreReference(d);
    }

    @Test
    void sameDistributionIsStableAShiftedOneIsNot() {
        Random r = new Random(1);
        DriftMonitor same = new DriftMonitor(exponentialDeciles());
        DriftMonitor shifted = new DriftMonitor(exponentialDeciles());
        for (int i = 0; i < 10_000; i++) {
            double e = -Math.log(1 - r.nextDouble());
            same.record((float) e);
            shifted.record((float) (2 * e));
        }
        assertTrue(same.psi() < 0.05, "same: " + same.psi());
        assertTrue(shifted.psi() > 0.25, "shifted: " + shifted.psi());
    }

    @Test
    void tooFewScoresGiveNoVerdict() {
        DriftMonitor m = new DriftMonitor(exponentialDeciles());
        m.record(1f);
        assertTrue(Double.isNaN(m.psi()));
    }

    @Test
    void batchesRecordTheSameWindowAsSingleScores() {
        Random r = new Random(3);
        DriftMonitor single = new DriftMonitor(exponentialDeciles());
        DriftMonitor batched = new DriftMonitor(exponentialDeciles());
        // batch sizes that wrap around the window at odd places, and one batch larger than the window
        int[] sizes = {1, 255, 4000, 300, 9000, 17, 256};
        for (int n : sizes) {
            float[] batch = new float[n];
            for (int i = 0; i < n; i++) {
                batch[i] = (float) (-Math.log(1 - r.nextDouble()) * (1 + n % 3));
                single.record(batch[i]);
            }
            batched.record(batch, n);
            assertEquals(single.psi(), batched.psi(), 1e-12, "after a batch of " + n);
        }
    }
}
