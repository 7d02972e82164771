package io.recon.streaming.metrics;

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
}
