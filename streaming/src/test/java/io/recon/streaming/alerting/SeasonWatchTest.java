package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonWatchTest {
    private static final long MINUTE = 60_000;
    private static final long DAY = 1440 * MINUTE;

    /**
     * Two metrics with a daily cycle (opposite signs) and a shared slow load that moves both the same way, one record a
     * minute; {@code shift} minutes added to the cycle's clock from {@code shiftFrom} on.
     */
    private static final class Host {
        final Random r = new Random(11);
        double load;

        float[] at(long t, long shift) {
            double cycle = 2 * Math.sin(2 * Math.PI * ((t + shift) % DAY) / DAY);
            load = 0.99 * load + 0.1 * r.nextGaussian();
            return new float[] {(float) (10 + cycle + load + 0.1 * r.nextGaussian()),
                (float) (5 - cycle + load + 0.1 * r.nextGaussian())};
        }
    }

    @Test
    void aCycleTwelveHoursOffStandsOutWhereTheLoadDoesNot() {
        SeasonWatch w = new SeasonWatch(2);
        Host h = new Host();
        long t = 0;
        double normalMax = 0;
        for (; t < 10 * DAY; t += MINUTE) {
            double s = w.observe(t, h.at(t, 0), 0);
            if (t < 3 * DAY) {
                assertTrue(Double.isNaN(s), "no statistic before three past days of the hour");
            } else if (t >= 5 * DAY && !Double.isNaN(s)) {
                normalMax = Math.max(normalMax, s);
            }
        }
        assertTrue(normalMax > 0, "judged on normal days");
        // three hours with the cycle twelve hours off, starting where the cycle is far from its mean
        double shiftedMax = 0;
        for (long end = t + 3 * 60 * MINUTE; t < end; t += MINUTE) {
            shiftedMax = Math.max(shiftedMax, w.observe(t, h.at(t, DAY / 2), 0));
        }
        assertTrue(shiftedMax > 3 * normalMax, "shifted " + shiftedMax + " against at most " + normalMax + " on normal days");
    }

    @Test
    void aFeatureThatNeverMovedSaysNothingOfTheCycleWhenItFirstMoves() {
        SeasonWatch w = new SeasonWatch(3);
        Host h = new Host();
        long t = 0;
        double normalMax = 0;
        for (; t < 10 * DAY; t += MINUTE) {
            float[] two = h.at(t, 0);
            double s = w.observe(t, new float[] {two[0], two[1], 0}, 0); // an error count that stays at 0
            if (t >= 5 * DAY && !Double.isNaN(s)) {
                normalMax = Math.max(normalMax, s);
            }
        }
        assertTrue(normalMax > 0, "judged by its two cyclic features");
        float[] two = h.at(t, 0);
        double first = w.observe(t, new float[] {two[0], two[1], 1}, 0); // its first error
        assertTrue(first <= normalMax, "the first move of a feature that never moved: " + first + " (normal <= " + normalMax
                + ")");
    }

    @Test
    void aKeyWithoutACycleIsNotJudgedByOne() {
        SeasonWatch w = new SeasonWatch(2);
        Random r = new Random(3);
        double load = 0;
        for (long t = 0; t < 10 * DAY; t += MINUTE) {
            load = 0.99 * load + 0.1 * r.nextGaussian();
            double s = w.observe(t, new float[] {(float) (10 + load), (float) (5 + load + 0.1 * r.nextGaussian())}, 0);
            assertTrue(Double.isNaN(s), "at " + t / MINUTE + " min: " + s);
        }
    }

    @Test
    void aLateRecordOfAFoldedDayIsNeitherJudgedNorLearnt() {
        SeasonWatch w = new SeasonWatch(2);
        Host h = new Host();
        long t = 0;
        for (; t < 8 * DAY; t += MINUTE) {
            w.observe(t, h.at(t, 0), 0);
        }
        assertTrue(Double.isNaN(w.observe(5 * DAY + 60 * MINUTE, h.at(t, 0), 0)), "an hour of a day already folded");
        assertFalse(Double.isNaN(w.observe(t, h.at(t, 0), 0)), "the next record in order is judged");
        assertEquals(2, w.features());
    }
}
