package io.recon.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DetectionMetricsTest {
    @Test
    void perfectRankingAndThreshold() {
        DetectionMetrics m = DetectionMetrics.of(new float[] {0.1f, 0.2f, 0.9f, 0.8f}, new boolean[] {false, false, true, true}, 0.5);
        assertEquals(1.0, m.auroc());
        assertEquals(1.0, m.auprc());
        assertEquals(1.0, m.bestF1());
        assertEquals(1.0, m.f1());
        assertEquals(0.0, m.far());
        assertEquals(0.0, m.mar());
        assertEquals(2, m.anomalies());
    }

    @Test
    void handComputedMixedCase() {
        // scores desc: 0.9(A) 0.7(N) 0.6(A) 0.3(N) 0.2(N); AUROC = pairs A>N / (2*3): A0.9 beats 3, A0.6 beats 2 -> 5/6
        float[] s = {0.9f, 0.7f, 0.6f, 0.3f, 0.2f};
        boolean[] a = {true, false, true, false, false};
        DetectionMetrics m = DetectionMetrics.of(s, a, 0.65);
        assertEquals(5.0 / 6, m.auroc(), 1e-12);
        // average precision: hits at ranks 1 (P=1) and 3 (P=2/3) -> (1 + 2/3) / 2
        assertEquals((1 + 2.0 / 3) / 2, m.auprc(), 1e-12);
        // threshold 0.65: flags 0.9 and 0.7 -> TP 1, FP 1; precision 0.5 recall 0.5; FAR 1/3; MAR 1/2
        assertEquals(0.5, m.precision(), 1e-12);
        assertEquals(0.5, m.recall(), 1e-12);
        assertEquals(1.0 / 3, m.far(), 1e-12);
        assertEquals(0.5, m.mar(), 1e-12);
        // best F1: threshold at 0.6 flags 3 -> P 2/3 R 1 -> F1 0.8
        assertEquals(0.8, m.bestF1(), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        DetectionMetrics m = DetectionMetrics.of(new float[] {0.5f, 0.5f}, new boolean[] {true, false}, 1);
        assertEquals(0.5, m.auroc(), 1e-12);
        double[][] roc = DetectionMetrics.roc(new float[] {0.5f, 0.5f}, new boolean[] {true, false});
        assertEquals(2, roc.length);
        assertEquals(1.0, roc[1][0]);
        assertEquals(1.0, roc[1][1]);
    }
}
