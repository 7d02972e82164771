package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SkabDelayTest {
    @Test
    void delayIsRowsFromAnAnomalysFirstRowToItsFirstDetection() {
        boolean[] labels = {false, true, true, true, false, false, true, true, false, true};
        float[] scores = {9, 0, 0, 5, 9, 0, 5, 5, 0, 0};
        // anomaly 1 (rows 1-3) found at row 3: 2 rows late; anomaly 2 (rows 6-7) at once; anomaly 3 (row 9) missed;
        // the detection at row 0 (a false alarm) and row 4 (after anomaly 1) do not count as detections of anything
        assertArrayEquals(new double[] {1.0, 2, 3}, QualitySuites.delays(scores, labels, 1.0), 1e-12);
        assertArrayEquals(new double[] {Double.NaN, 0, 0}, QualitySuites.delays(scores, new boolean[10], 1.0), 1e-12);
    }
}
