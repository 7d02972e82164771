package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.output.JsonOut;
import io.recon.streaming.state.StateWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertBudgetTest {
    private static final long MINUTE = 60_000;

    private static AlertBudget budget(double perDay, int k, int n) {
        return new AlertBudget(new AlertBudget.Config(perDay, k, n), new TailCalibrator(2000, 100, 1e-3));
    }

    private static boolean obs(AlertBudget b, String key, long time, double ratio, boolean modelAnomaly,
            List<StateWrite> writes) {
        return b.observe("m", b.keysOf("m"), key, time, ratio, modelAnomaly, writes).alerting;
    }

    @Test
    void theModelsHeldOutScoresJudgeAWarmingKeyAgainstTheBudgetsLimits() {
        // held-out scores: 90th percentile at a tenth of the threshold, tail scale 0.3 decades
        ScorePrior prior = new ScorePrior(-1, 0.3);
        assertEquals(1.0, prior.tail(0.05), "inside the bulk");
        assertEquals(0.1 * Math.exp(-1 / 0.3), prior.tail(1.0), 1e-12, "at the threshold");
        List<StateWrite> writes = new ArrayList<>();
        // without a prior a warming key alerts on the model's threshold (k = 1); with one, a score just above the
        // threshold is one in 280 under the model's held-out scores, far from the budget's one in 86,400
        AlertBudget plain = budget(1, 1, 1);
        assertTrue(obs(plain, "a", MINUTE, 1.5, true, writes), "the model's threshold decides without a prior");
        AlertBudget withPrior = budget(1, 1, 1);
        AlertBudget.Key k = withPrior.observe("m", withPrior.keysOf("m"), "a", MINUTE, 1.5, true, prior, null, 0, 0, writes);
        assertFalse(k.alerting, "a score the held-out set sees once in a few hundred records");
        assertEquals(prior.tail(1.5), k.q, 1e-15, "the scored record shows the probability that decided");
        // overwhelming evidence alerts at once, before the key has a history of its own (its first records come a
        // second apart until two of them tell the rate: the strictest limit)
        k = withPrior.observe("m", withPrior.keysOf("m"), "b", MINUTE, 1000, true, prior, null, 0, 0, writes);
        assertTrue(k.q <= withPrior.limit(86_400, 1), "q " + k.q);
        assertTrue(k.alerting, "a score a thousand times the threshold alerts on a warming key");
        // with persistence (2 of 5), two records each moderately rare under the prior alert, one does not
        AlertBudget sustained = budget(1, 2, 5);
        double moderate = Math.pow(10, -1 + 0.3 * Math.log(0.1 / (0.5 * sustained.sustainedLimit(1440, 1))));
        long t = 0;
        assertFalse(sustained.observe("m", sustained.keysOf("m"), "c", t += MINUTE, 0.5, false, prior, null, 0, 0, writes).alerting);
        assertFalse(sustained.observe("m", sustained.keysOf("m"), "c", t += MINUTE, moderate, true, prior, null, 0, 0, writes).alerting);
        assertTrue(sustained.observe("m", sustained.keysOf("m"), "c", t += MINUTE, moderate, true, prior, null, 0, 0, writes).alerting);
        // once warm, the key's own calibration decides: its limits are set
        AlertBudget.Key warm = null;
        for (int i = 0; i < 120; i++) {
            warm = withPrior.observe("m", withPrior.keysOf("m"), "d", (i + 1) * MINUTE, 0.3, false, prior, null, 0, 0, writes);
        }
        assertFalse(Double.isNaN(warm.limit), "warm: the key's own limit");
    }

    @Test
    void aShortHistoryBlendsTheKeysTailWithTheModelsUntilTheKeyIsTrusted() {
        ScorePrior prior = new ScorePrior(-1, 0.3);
        TailCalibrator calibrator = new TailCalibrator(2000, 100, 1e-3);
        AlertBudget b = new AlertBudget(new AlertBudget.Config(1, 1, 1), calibrator);
        List<StateWrite> writes = new ArrayList<>();
        Random random = new Random(7);
        // a key with its own spread of normal scores (the model's held-out ones: 90th percentile at a tenth of the
        // threshold, tail scale 0.3 decades)
        long t = 0;
        for (int i = 0; i < 300; i++) {
            b.observe("m", b.keysOf("m"), "k", t += MINUTE, Math.pow(10, -0.7 + 0.25 * random.nextGaussian()), false,
                    prior, null, 0, 0, writes);
        }
        TailCalibrator.State own = b.keysOf("m").get("k").calibration;
        assertEquals(300, own.count());
        double ratio = 20;
        double ownQ = calibrator.judge(own, ratio);
        AlertBudget.Key k = b.observe("m", b.keysOf("m"), "k", t += MINUTE, ratio, true, prior, null, 0, 0, writes);
        assertEquals(AlertBudget.blend(ownQ, prior.tail(ratio), 300.0 / calibrator.trusted()), k.q, 1e-12);
        double lo = Math.min(prior.tail(ratio), ownQ);
        double hi = Math.max(prior.tail(ratio), ownQ);
        assertTrue(lo < k.q && k.q < hi, "between the model's " + prior.tail(ratio) + " and the key's " + ownQ + ": " + k.q);
        // trusted: the key's own calibration alone
        while (own.count() < calibrator.trusted()) {
            b.observe("m", b.keysOf("m"), "k", t += MINUTE, Math.pow(10, -0.7 + 0.25 * random.nextGaussian()), false,
                    prior, null, 0, 0, writes);
        }
        ownQ = calibrator.judge(own, ratio);
        assertEquals(ownQ, b.observe("m", b.keysOf("m"), "k", t += MINUTE, ratio, true, prior, null, 0, 0, writes).q, 0);
        assertEquals(0.25, AlertBudget.blend(0.5, 0.125, 0.5), 1e-15, "geometric");
    }

    @Test
    void aDailyCycleHoursOffItsClockAlertsThroughItsShareOfTheBudget() {
        AlertBudget b = budget(1, 2, 5);
        List<StateWrite> writes = new ArrayList<>();
        Random r = new Random(5);
        long day = 1440 * MINUTE;
        double load = 0;
        int falseRecords = 0;
        int shiftedRecords = 0;
        for (long t = 0; t < 11 * day; t += MINUTE) {
            if (t == 9 * day) { // a restart: the key's state as the store kept it, its cycle included
                byte[] stored = AlertBudget.encode(b.keysOf("m").get("h"));
                b = budget(1, 2, 5);
                b.restore("m\u0000h", stored);
            }
            boolean shifted = t >= 10 * day + 3 * 60 * MINUTE && t < 10 * day + 6 * 60 * MINUTE;
            double cycle = 2 * Math.sin(2 * Math.PI * ((t + (shifted ? day / 2 : 0)) % day) / day);
            load = 0.99 * load + 0.1 * r.nextGaussian();
            float[] values = {(float) (10 + cycle + load + 0.1 * r.nextGaussian()),
                (float) (5 - cycle + load + 0.1 * r.nextGaussian())};
            // the model's scores say nothing: every metric is in its normal range, the correlation intact
            AlertBudget.Key k = b.observe("m", b.keysOf("m"), "h", t, 0.2 + 0.02 * r.nextGaussian(), false, null, values,
                    0, 2, writes);
            if (k.alerting && shifted) {
                shiftedRecords++;
            } else if (k.alerting) {
                falseRecords++;
            }
        }
        assertTrue(shiftedRecords > 0, "the shifted cycle alerts, a day after a restart");
        assertEquals(0, falseRecords, "ten normal days raise nothing");
    }

    @Test
    void feedbackOnAnAlertOfTheDailyCycleStopsItsRepeat() {
        AlertBudget told = budget(1, 2, 5);
        AlertBudget untold = budget(1, 2, 5);
        List<StateWrite> writes = new ArrayList<>();
        Random r = new Random(5);
        long day = 1440 * MINUTE;
        double load = 0;
        int[] repeats = new int[2];
        for (long t = 0; t < 12 * day; t += MINUTE) {
            if (t == 11 * day) { // the operator: yesterday's alert was a planned change of schedule
                assertTrue(told.accept("m", "h", new double[] {0.2}, writes));
            }
            long hour = t % day / (60 * MINUTE);
            // the cycle twelve hours off for three hours on day 10, and as far off at other hours on day 11
            boolean shifted = t >= 10 * day && t < 11 * day && hour >= 3 && hour < 6
                    || t >= 11 * day && hour >= 15 && hour < 18;
            double cycle = 2 * Math.sin(2 * Math.PI * ((t + (shifted ? day / 2 : 0)) % day) / day);
            load = 0.99 * load + 0.1 * r.nextGaussian();
            float[] values = {(float) (10 + cycle + load + 0.1 * r.nextGaussian()),
                (float) (5 - cycle + load + 0.1 * r.nextGaussian())};
            double ratio = 0.2 + 0.02 * r.nextGaussian();
            for (int i = 0; i < 2; i++) {
                AlertBudget b = i == 0 ? told : untold;
                boolean alerting = b.observe("m", b.keysOf("m"), "h", t, ratio, false, null, values, 0, 2, writes).alerting;
                if (alerting && shifted && t >= 11 * day) {
                    repeats[i]++;
                }
            }
        }
        assertTrue(repeats[1] > 0, "without a verdict a shift as far off pages again the next day");
        assertEquals(0, repeats[0], "after a false-positive verdict it does not");
    }

    @Test
    void aModelOfManyFeaturesKeepsNoDailyCycle() {
        AlertBudget b = budget(1, 2, 5);
        List<StateWrite> writes = new ArrayList<>();
        float[] wide = new float[SeasonWatch.MAX_FEATURES + 1];
        assertNull(b.observe("m", b.keysOf("m"), "w", MINUTE, 0.2, false, null, wide, 0, wide.length, writes).season,
                "an image's pixels have no daily cycle worth its state");
        AlertBudget.Key k = b.observe("m", b.keysOf("m"), "n", MINUTE, 0.2, false, null, wide, 0, 4, writes);
        assertEquals(4, k.season.features());
        assertNull(b.observe("m", b.keysOf("m"), "n", 2 * MINUTE, 0.2, false, null, wide, 0, wide.length, writes).season,
                "a model swapped for a wider one: the narrow cycle goes");
    }

    @Test
    void aMaintenanceWindowStartsTheKeysDailyCycleOver() {
        AlertBudget b = budget(1, 2, 5);
        List<StateWrite> writes = new ArrayList<>();
        float[] v = {1, 2};
        for (int i = 0; i < 200; i++) {
            b.observe("m", b.keysOf("m"), "k", i * MINUTE, 0.2, false, null, v, 0, 2, writes);
        }
        SeasonWatch before = b.keysOf("m").get("k").season;
        assertNotNull(before);
        b.inMaintenance("m", "k", writes);
        AlertBudget.Key after = b.observe("m", b.keysOf("m"), "k", 300 * MINUTE, 0.2, false, null, v, 0, 2, writes);
        assertTrue(after.season != null && after.season != before, "a new cycle, learnt from the first record after");
        assertEquals(0, after.seasonal.count(), "its statistic's calibration starts over too");
    }

    @Test
    void feedbackHoldsOverTheModelsScoresWhileTheKeysHistoryIsShort() {
        ScorePrior prior = new ScorePrior(-1, 0.3);
        AlertBudget b = budget(1, 1, 1);
        List<StateWrite> writes = new ArrayList<>();
        Random random = new Random(3);
        long t = 0;
        for (int i = 0; i < 500; i++) { // half way to trusted: the model's tail weighs as much as the key's own
            b.observe("m", b.keysOf("m"), "k", t += MINUTE, Math.pow(10, -1.2 + 0.2 * random.nextGaussian()), false, prior,
                    null, 0, 0, writes);
        }
        assertTrue(b.observe("m", b.keysOf("m"), "k", t += MINUTE, 300, true, prior, null, 0, 0, writes).alerting,
                "a score 300 times the threshold pages");
        assertTrue(b.accept("m", "k", new double[] {300}, writes), "the operator: a false positive");
        AlertBudget.Key k = b.observe("m", b.keysOf("m"), "k", t += MINUTE, 300, true, prior, null, 0, 0, writes);
        assertFalse(k.alerting, "its repeat does not page, though the model's held-out scores call it rare: q " + k.q);
        assertEquals(TailCalibrator.ACCEPTED_P, k.q, 1e-15);
    }

    @Test
    void theLimitSpendsTheBudgetOverTheKeysRecordsAndPersistence() {
        // one record a minute, 1 false alert a day: a tenth goes to frozen features, a tenth to records off the daily
        // cycle (each one record), so each record may be as rare as 0.8 in 1440
        double rest = 1 - AlertBudget.FREEZE_SHARE - AlertBudget.SEASON_SHARE;
        assertEquals(0.8 / 1440, budget(1, 1, 1).limit(1440, 1), 1e-15);
        assertEquals(AlertBudget.FREEZE_SHARE / 1440, budget(1, 1, 1).freezeLimit(1440, 1), 1e-15);
        assertEquals(AlertBudget.SEASON_SHARE / 1440, budget(1, 2, 5).seasonLimit(1440, 1), 1e-15);
        assertTrue(Double.isNaN(budget(1, 1, 1).sustainedLimit(1440, 1)), "no persistence rule with k = 1");
        // with persistence the rest is split: half to single records, half to 3 of 5 (C(5,3) = 10 ways, so
        // p^3 = 0.4 / (1440 * 10))
        assertEquals(rest / 2 / 1440, budget(1, 3, 5).limit(1440, 1), 1e-15);
        assertEquals(Math.cbrt(rest / 2 / 14_400), budget(1, 3, 5).sustainedLimit(1440, 1), 1e-12);
        assertEquals(0.5, budget(1000, 1, 1).limit(10, 1000), 0, "never more than one in two");
    }

    @Test
    void theScoredRecordsTailLimitTextFollowsTheLimitAsTheKeysRateChanges() {
        AlertBudget b = budget(1, 2, 5);
        List<StateWrite> writes = new java.util.ArrayList<>();
        long t = 0;
        AlertBudget.Key k = null;
        for (int i = 0; i < 300; i++) {
            k = b.observe("m", b.keysOf("m"), "k", t += MINUTE, 0.5, false, writes);
            if (Double.isNaN(k.limit)) {
                assertNull(k.limitText, "no text while the key warms up");
            } else {
                assertEquals(new String(JsonOut.probability(k.limit), java.nio.charset.StandardCharsets.US_ASCII),
                        new String(k.limitText, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        String minutely = new String(k.limitText, java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 300; i++) { // ten times the rate: the limit, and its text, follow within a few records
            k = b.observe("m", b.keysOf("m"), "k", t += MINUTE / 10, 0.5, false, writes);
        }
        assertEquals(new String(JsonOut.probability(k.limit), java.nio.charset.StandardCharsets.US_ASCII),
                new String(k.limitText, java.nio.charset.StandardCharsets.US_ASCII));
        assertNotEquals(minutely, new String(k.limitText, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void aStationaryKeyStaysWithinItsBudgetAndAnIncidentAlerts() {
        AlertBudget b = budget(1, 1, 1);
        Random r = new Random(11);
        List<StateWrite> writes = new ArrayList<>();
        int flagged = 0;
        int days = 30;
        long t = 0;
        for (int i = 0; i < days * 1440; i++) {
            double ratio = Math.exp(0.5 * r.nextGaussian()) * 0.3; // a model's normal scores, below its threshold mostly
            if (obs(b, "k", t += MINUTE, ratio, ratio > 1, writes) && i >= 100) {
                flagged++;
            }
        }
        assertTrue(flagged <= 2 * days, "about one flagged record a day at most, got " + flagged + " in " + days + " days");
        assertTrue(obs(b, "k", t += MINUTE, 30, true, writes), "a score 100 times the key's usual alerts");
        assertFalse(writes.isEmpty(), "the key's state is persisted");
    }

    @Test
    void aSustainedModerateChangeAlertsByPersistenceWhereSingleRecordsWouldNot() {
        Random r = new Random(4);
        AlertBudget single = budget(1, 1, 1);
        AlertBudget persistent = budget(1, 2, 5);
        List<StateWrite> writes = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 3000; i++) {
            double ratio = Math.exp(0.3 * r.nextGaussian()) * 0.3;
            t += MINUTE;
            obs(single, "k", t, ratio, false, writes);
            obs(persistent, "k", t, ratio, false, writes);
        }
        // a shift to about 4 times the key's usual score: each record is rare (about 1 in 300 to 1 in 1000) but
        // not rare enough alone for a budget of 1 a day at 1,440 records a day
        int singleAlerts = 0;
        int persistentAlerts = 0;
        for (int i = 0; i < 10; i++) {
            t += MINUTE;
            double ratio = 1.2;
            singleAlerts += obs(single, "k", t, ratio, false, writes) ? 1 : 0;
            persistentAlerts += obs(persistent, "k", t, ratio, false, writes) ? 1 : 0;
        }
        assertEquals(0, singleAlerts, "single records: not rare enough");
        assertTrue(persistentAlerts >= 8, "2 of 5 moderately rare records: alerting from the second on, got " + persistentAlerts);
    }

    @Test
    void whileAKeyWarmsUpTheModelThresholdDecidesAndPersistenceNeedsKOfN() {
        AlertBudget b = budget(1, 2, 3);
        List<StateWrite> writes = new ArrayList<>();
        assertFalse(obs(b, "k", MINUTE, 5, true, writes), "1 of 3");
        assertFalse(obs(b, "k", 2 * MINUTE, 0.1, false, writes));
        assertTrue(obs(b, "k", 3 * MINUTE, 5, true, writes), "2 of the last 3 (model threshold while warming up)");
        assertFalse(obs(b, "k", 4 * MINUTE, 0.1, false, writes), "a normal record is never alerting");
        assertTrue(Double.isNaN(b.keysOf("m").get("k").limit), "no limit while warming up");
    }

    @Test
    void aKeysStateIsWrittenEvery64RecordsButABusyKeyAtMostOnceInTenSecondsOfItsTime() {
        AlertBudget b = budget(1, 2, 5);
        List<StateWrite> slow = new ArrayList<>();
        for (int i = 0; i < 640; i++) { // a record a minute: every 64 records
            b.observe("m", b.keysOf("m"), "slow", (i + 1) * MINUTE, 0.3, false, slow);
        }
        assertEquals(10, slow.size());
        List<StateWrite> busy = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // 100 records a second for 100 s: the first after 64, then every 10 s
            b.observe("m", b.keysOf("m"), "busy", 10L * (i + 1), 0.3, false, busy);
        }
        assertEquals(10, busy.size(), "64 records, then once per 10 s of event time");
        List<StateWrite> frozen = new ArrayList<>();
        for (int i = 0; i < 3 * AlertBudget.PERSIST_AT_LEAST; i++) { // a clock that never moves still gets written
            b.observe("m", b.keysOf("m"), "frozen", 5_000, 0.3, false, frozen);
        }
        assertEquals(3, frozen.size());
        assertTrue(busy.stream().allMatch(w -> w.key().equals("m\u0000busy")));
    }

    @Test
    void stateFormatThreeRoundTripsAndOtherBytesStartOver() {
        AlertBudget b = budget(1, 1, 1);
        List<StateWrite> writes = new ArrayList<>();
        for (int i = 0; i < AlertBudget.PERSIST_EVERY; i++) {
            obs(b, "k", (i + 1) * MINUTE, 0.2 + 0.01 * (i % 7), false, writes);
        }
        assertEquals(1, writes.size());
        byte[] stored = writes.get(0).value();
        assertEquals(AlertBudget.MAGIC_V3, java.nio.ByteBuffer.wrap(stored).getInt(0));
        assertArrayEquals(stored, AlertBudget.encode(AlertBudget.decode(stored)));
        assertEquals(AlertBudget.PERSIST_EVERY, AlertBudget.decode(stored).calibration.count());
        assertEquals("m\u0000k", writes.get(0).key());
        AlertBudget restored = budget(1, 1, 1);
        restored.restore(writes.get(0).key(), stored);
        assertEquals(AlertBudget.PERSIST_EVERY, restored.keysOf("m").get("k").calibration.count());
        assertNull(AlertBudget.decode(new byte[12]), "unreadable: the key starts over");
    }

    @Test
    void aFleetBudgetIsSharedByTheModelsKeysAndAPerKeyBudgetWins() {
        List<StateWrite> writes = new ArrayList<>();
        AlertBudget fleet = new AlertBudget(new AlertBudget.Config(0, 2, 1, 1), new TailCalibrator(2000, 100, 1e-3));
        for (String key : List.of("a", "b", "c", "d")) {
            fleet.observe("m", fleet.keysOf("m"), key, MINUTE, 0.1, false, writes);
        }
        fleet.observe("other", fleet.keysOf("other"), "a", MINUTE, 0.1, false, writes);
        assertEquals(0.5, fleet.perKey("m", fleet.keysOf("m")), 1e-15, "2 a day over 4 keys");
        assertEquals(2, fleet.perKey("other", fleet.keysOf("other")), 1e-15, "each model's keys apart");
        AlertBudget perKey = new AlertBudget(new AlertBudget.Config(1, 2, 1, 1), new TailCalibrator(2000, 100, 1e-3));
        perKey.observe("m", perKey.keysOf("m"), "a", MINUTE, 0.1, false, writes);
        perKey.observe("m", perKey.keysOf("m"), "b", MINUTE, 0.1, false, writes);
        assertEquals(1, perKey.perKey("m", perKey.keysOf("m")), 1e-15, "a per-key budget wins");

        // in a service, the count is the service's: two tasks of four partitions on this instance
        FleetKeys keys = new FleetKeys();
        keys.partitions(4);
        AlertBudget t1 = new AlertBudget(new AlertBudget.Config(0, 1, 1, 1), new TailCalibrator(2000, 100, 1e-3), keys.task());
        AlertBudget t2 = new AlertBudget(new AlertBudget.Config(0, 1, 1, 1), new TailCalibrator(2000, 100, 1e-3), keys.task());
        t1.observe("m", t1.keysOf("m"), "a", MINUTE, 0.1, false, writes);
        t2.observe("m", t2.keysOf("m"), "b", MINUTE, 0.1, false, writes);
        t2.observe("m", t2.keysOf("m"), "c", MINUTE, 0.1, false, writes);
        assertEquals(1.0 / 6, t1.perKey("m", t1.keysOf("m")), 1e-15, "3 keys on half the partitions: about 6 in all");
        double limit = t1.limit(1440, t1.perKey("m", t1.keysOf("m")));
        assertEquals(t1.limit(1440, 1) / 6, limit, 1e-15, "a sixth of the limit a key has alone");
        t2.close();
        assertEquals(1.0 / 4, t1.perKey("m", t1.keysOf("m")), 1e-15, "a closed task's keys no longer count");
    }
}
