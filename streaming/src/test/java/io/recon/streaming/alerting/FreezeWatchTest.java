package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FreezeWatchTest {
    /** One record a minute, a budget of one false alert a day: the freeze rule's share of it per record. */
    private static final double LIMIT = AlertBudget.FREEZE_SHARE / 1440;

    private static int recordsToAlarm(FreezeWatch w, float[] row, Random r, java.util.function.IntFunction<float[]> normal) {
        for (int i = 0; i < 3000; i++) {
            w.observe(normal.apply(i), 0);
        }
        for (int i = 1; i <= 5000; i++) {
            if (w.observe(row, 0) <= LIMIT) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aNoisyMetricThatFreezesAlarmsWithinMinutesAConstantOneNever() {
        Random r = new Random(1);
        // feature 0 noisy, feature 1 constant from the start (a disk's size)
        FreezeWatch w = new FreezeWatch(2);
        int n = recordsToAlarm(w, new float[] {0.42f, 500f}, r, i -> new float[] {(float) r.nextGaussian(), 500f});
        assertTrue(n > 3 && n < 40, "a never-repeating metric frozen: alarm after " + n + " records");

        FreezeWatch constant = new FreezeWatch(1);
        double least = 1;
        for (int i = 0; i < 20_000; i++) {
            least = Math.min(least, constant.observe(new float[] {7f}, 0));
        }
        assertTrue(least > LIMIT, "a feature that never changes never alarms: " + least);
    }

    @Test
    void aMetricThatOftenSitsStillNeedsAFarLongerRun() {
        Random r = new Random(2);
        FreezeWatch noisy = new FreezeWatch(1);
        int fast = recordsToAlarm(noisy, new float[] {3f}, r, i -> new float[] {(float) r.nextGaussian()});
        // a quantized gauge: keeps its value for 1 to 20 records at a time
        FreezeWatch steps = new FreezeWatch(1);
        float[] level = {0};
        int[] left = {0};
        int slow = recordsToAlarm(steps, new float[] {99f}, r, i -> {
            if (left[0]-- <= 0) {
                level[0] = r.nextInt(10);
                left[0] = r.nextInt(20);
            }
            return new float[] {level[0]};
        });
        assertTrue(slow < 0 || slow > 3 * fast, "runs of up to 20 are its normal: " + slow + " records (-1: none in 5,000), vs "
                + fast);
    }

    @Test
    void nothingWhileWarmingUp() {
        FreezeWatch w = new FreezeWatch(1);
        for (int i = 0; i < FreezeWatch.WARMUP; i++) {
            assertEquals(1.0, w.observe(new float[] {1f}, 0));
        }
    }
}
