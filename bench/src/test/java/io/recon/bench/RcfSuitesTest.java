package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random Cut Forest as `bench compare` runs it: it learns a stream as it goes and grades a spike. */
class RcfSuitesTest {
    @Test
    void aSpikeInALearnedSeriesGetsAGradeAndTheQuietPartMostlyDoesNot() {
        Random r = new Random(2);
        float[][] rows = new float[3000][1];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = (float) (10 * Math.sin(2 * Math.PI * i / 100) + 0.3 * r.nextGaussian() + (i == 2500 ? 40 : 0));
        }
        double[] g = RcfSuites.grades(rows, 42);
        boolean flagged = false;
        for (int i = 2500; i < 2510; i++) {
            flagged |= g[i] > 0;
        }
        assertTrue(flagged, "the spike is graded");
        int quiet = 0;
        for (int i = 1000; i < 2400; i++) {
            quiet += g[i] > 0 ? 1 : 0;
        }
        assertTrue(quiet < 70, "few grades in the quiet part: " + quiet);
    }
}
