package io.recon.streaming.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.assembly.SampleBatch.Sample;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.metrics.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssemblerTest {
    private static final long T = 1_796_094_000_000L;
    private static final long STEP = 10_000L;

    /** Collects what the assembler puts out. */
    static final class Out implements Assembler.Output {
        final List<FeatureVector> vectors = new ArrayList<>();
        final List<Rejection> dead = new ArrayList<>();
        int warming;
        int filled;

        @Override
        public void vector(FeatureVector v) {
            vectors.add(v);
        }

        @Override
        public void deadLetter(String entity, Rejection why, byte[] samples) {
            dead.add(why);
        }

        @Override
        public void warming(String entity) {
            warming++;
        }

        @Override
        public void filled(int n) {
            filled += n;
        }
    }

    private final Out out = new Out();

    private static Assembler assembler(AssemblyConfig c) {
        return new Assembler(c, () -> T);
    }

    private static Sample g(String series, long t, double v) {
        return new Sample(series, series, t, v, false);
    }

    private static Sample c(String series, long t, double v) {
        return new Sample(series, series, t, v, true);
    }

    @Test
    void oneVectorPerCollectionAssoonAsTheNextOneBegins() {
        Assembler a = assembler(AssemblyConfig.defaults());
        for (int k = 0; k < 3; k++) {
            long t = T + k * STEP + 3; // a few ms of jitter does not matter: steps are centred on the first collection
            a.accept("web-1", List.of(g("cpu", t, k), g("mem", t + 1, 10 + k)), out);
        }
        assertEquals(2, out.vectors.size(), "the third collection closes the second step");
        FeatureVector v = out.vectors.get(1);
        assertEquals("web-1", v.key());
        assertEquals(T + STEP + 4, v.timestamp(), "timed at the step's latest sample");
        assertArrayEquals(new String[] {"cpu", "mem"}, v.names());
        assertArrayEquals(new double[] {1, 11}, v.values());
    }

    @Test
    void samplesOfOneCollectionSplitOverRecordsAndArrivingOutOfOrderWithinTheGrace() {
        Assembler a = assembler(AssemblyConfig.defaults());
        a.accept("h", List.of(g("a", T, 1)), out);
        a.accept("h", List.of(g("b", T, 2)), out);
        a.accept("h", List.of(g("a", T + STEP, 3)), out); // b of this step comes after a of the next
        a.accept("h", List.of(g("a", T + 2 * STEP, 5)), out);
        a.accept("h", List.of(g("b", T + STEP, 4)), out);
        a.accept("h", List.of(g("b", T + 2 * STEP, 6), g("a", T + 3 * STEP, 7), g("b", T + 3 * STEP, 8)), out);
        assertEquals(3, out.vectors.size());
        assertArrayEquals(new double[] {1, 2}, out.vectors.get(0).values());
        assertArrayEquals(new double[] {3, 4}, out.vectors.get(1).values(), "waited for b within the grace");
        assertArrayEquals(new double[] {5, 6}, out.vectors.get(2).values());
        assertEquals(0, out.filled);
        assertTrue(out.dead.isEmpty(), out.dead.toString());
    }

    @Test
    void countersBecomeRatesPerSecondAfterAWarmingStepAndResetsCountFromZero() {
        Assembler a = assembler(AssemblyConfig.defaults());
        double[] readings = {1000, 1500, 2500, 100, 600};
        for (int k = 0; k < readings.length; k++) {
            a.accept("h", List.of(c("bytes_total", T + k * STEP, readings[k]), g("load", T + k * STEP, k)), out);
        }
        a.accept("h", List.of(g("load", T + 9 * STEP, 0)), out);
        assertEquals(1, out.warming, "the first step has no rate yet");
        assertEquals(4, out.vectors.size());
        assertArrayEquals(new String[] {"load", "rate(bytes_total)"}, out.vectors.get(0).names());
        assertEquals(50.0, out.vectors.get(0).values()[1], 1e-9);
        assertEquals(100.0, out.vectors.get(1).values()[1], 1e-9);
        assertEquals(10.0, out.vectors.get(2).values()[1], 1e-9, "after a reset the reading counts from zero");
        assertEquals(50.0, out.vectors.get(3).values()[1], 1e-9);
    }

    @Test
    void aMissingSeriesIsCarriedForAFewStepsThenForgotten() {
        Assembler a = assembler(new AssemblyConfig(STEP, STEP, true, 2, 100));
        a.accept("h", List.of(g("a", T, 1), g("b", T, 2)), out);
        for (int k = 1; k <= 5; k++) {
            a.accept("h", List.of(g("a", T + k * STEP, 1 + k)), out);
        }
        // steps 0..4 closed by the time a's sample of step 5 is STEP + grace past step 3's end
        List<FeatureVector> v = out.vectors;
        assertArrayEquals(new String[] {"a", "b"}, v.get(1).names());
        assertArrayEquals(new double[] {2, 2}, v.get(1).values(), "b carried");
        assertArrayEquals(new double[] {3, 2}, v.get(2).values(), "b carried for its second step");
        assertArrayEquals(new String[] {"a"}, v.get(3).names(), "then forgotten");
        assertEquals(2, out.filled);
    }

    @Test
    void withoutCarryAStepLackingALiveSeriesIsIncomplete() {
        Assembler a = assembler(new AssemblyConfig(STEP, STEP, false, 3, 100));
        a.accept("h", List.of(g("a", T, 1), g("b", T, 2)), out);
        a.accept("h", List.of(g("a", T + STEP, 3)), out);
        a.accept("h", List.of(g("a", T + 3 * STEP, 4)), out);
        assertEquals(1, out.vectors.size());
        assertEquals(DeadLetterReason.INCOMPLETE, out.dead.get(0).reason());
        assertTrue(out.dead.get(0).detail().contains("[b]"), out.dead.get(0).detail());
    }

    @Test
    void lateSamplesTooManySeriesAndFutureTimesAreDeadLetters() {
        Assembler a = assembler(new AssemblyConfig(STEP, 0, true, 3, 2));
        a.accept("h", List.of(g("a", T, 1)), out);
        a.accept("h", List.of(g("a", T + STEP, 1)), out);
        a.accept("h", List.of(g("a", T + 2, 9)), out);
        assertEquals(DeadLetterReason.LATE, out.dead.get(0).reason());
        a.accept("h", List.of(g("b", T + STEP, 1), g("c", T + STEP, 1)), out);
        assertEquals(DeadLetterReason.TOO_MANY_SERIES, out.dead.get(1).reason(), out.dead.toString());
        assertTrue(out.dead.get(1).detail().startsWith("1 of 2 samples"), out.dead.get(1).detail());
        a.accept("h", List.of(g("a", T + 2 * AssemblyConfig.MAX_AHEAD_MS, 1)), out);
        assertEquals(DeadLetterReason.BAD_TIMESTAMP, out.dead.get(2).reason());
    }

    @Test
    void anEntityGoneSilentHasItsLastStepClosedByTheOthers() {
        Assembler a = assembler(AssemblyConfig.defaults());
        a.accept("quiet", List.of(g("a", T, 1)), out);
        for (int k = 0; k < 10; k++) {
            a.accept("busy", List.of(g("a", T + k * STEP, k)), out);
        }
        assertTrue(out.vectors.stream().anyMatch(v -> v.key().equals("quiet")), "the silent entity's step closed");
    }

    @Test
    void aRestoredAssemblerGoesOnExactlyAsTheOriginal() {
        List<List<Sample>> input = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            long t = T + k * STEP;
            input.add(k % 4 == 2 ? List.of(c("n_total", t, 100 * k)) : List.of(c("n_total", t, 100 * k), g("x", t, k)));
        }
        AssemblyConfig cfg = AssemblyConfig.defaults();
        Assembler straight = assembler(cfg);
        Out one = new Out();
        input.forEach(batch -> straight.accept("h", batch, one));
        Assembler first = assembler(cfg);
        Out two = new Out();
        input.subList(0, 5).forEach(batch -> first.accept("h", batch, two));
        Map<String, byte[]> stored = first.drainChanged();
        Assembler second = assembler(cfg);
        stored.forEach(second::restore);
        input.subList(5, input.size()).forEach(batch -> second.accept("h", batch, two));
        assertEquals(one.vectors, two.vectors);
        assertEquals(one.filled, two.filled);
        assertTrue(one.vectors.size() >= 9, "vectors: " + one.vectors.size());
    }

    @Test
    void seriesWithOneFeatureAreSummed() {
        Assembler a = assembler(AssemblyConfig.defaults());
        for (int k = 0; k < 3; k++) {
            a.accept("h", List.of(new Sample("cpu{cpu=\"0\",mode=\"user\"}", "cpu{mode=\"user\"}", T + k * STEP, 1, false),
                    new Sample("cpu{cpu=\"1\",mode=\"user\"}", "cpu{mode=\"user\"}", T + k * STEP, 2, false)), out);
        }
        assertArrayEquals(new String[] {"cpu{mode=\"user\"}"}, out.vectors.get(0).names());
        assertArrayEquals(new double[] {3}, out.vectors.get(0).values());
    }

    @Test
    void sampleBatchesRoundTrip() {
        List<Sample> s = List.of(new Sample("a{x=\"1\"}", "a", T, 1.5, true), g("b", T + 1, -2));
        assertEquals(s, SampleBatch.decode(SampleBatch.encode(s)));
    }

    @Test
    void dueStepsWaitOutTheHoldAndARestoredAssemblerClosesThemWithoutNewSamples() {
        long[] now = {T};
        AssemblyConfig held = new AssemblyConfig(STEP, STEP, true, 3, 100, 2_000, 15_000);
        Assembler a = new Assembler(held, () -> now[0]);
        for (int k = 0; k < 4; k++) {
            a.accept("h", List.of(g("x", T + k * STEP, k)), out);
        }
        assertEquals(0, out.vectors.size(), "three steps are due, each held for 2 s of wall clock");
        now[0] += 1_000;
        a.tick(out);
        assertEquals(0, out.vectors.size());
        Map<String, byte[]> stored = a.drainChanged();
        now[0] += 1_500;
        a.tick(out);
        assertEquals(3, out.vectors.size(), "the hold is over: all three close together");

        // the same state restored elsewhere (a rebalance): no sample comes for the entity, yet its steps close
        Out other = new Out();
        Assembler b = new Assembler(held, () -> now[0]);
        stored.forEach(b::restore);
        b.tick(other);
        assertEquals(0, other.vectors.size(), "held again from the restore");
        now[0] += 2_000;
        b.tick(other);
        assertEquals(out.vectors, other.vectors);
    }

    @Test
    void aSourceThatFallsBehindIsWaitedForAndItsSamplesAreNotLate() {
        long[] now = {T};
        Assembler a = new Assembler(AssemblyConfig.defaults(), () -> now[0]);
        // each step's samples split between two partitions; p1 falls behind after step 1 (a backlog read unevenly,
        // or its decoding task failing over), p0 runs on
        for (int k = 0; k < 2; k++) {
            a.accept("h", "p0", List.of(g("x", T + k * STEP, k)), out);
            a.accept("h", "p1", List.of(g("y", T + k * STEP, 10 + k)), out);
        }
        for (int k = 2; k < 12; k++) {
            a.accept("h", "p0", List.of(g("x", T + k * STEP, k)), out);
        }
        assertEquals(1, out.vectors.size(), "nothing past p1's last sample closes");
        for (int k = 2; k < 12; k++) {
            a.accept("h", "p1", List.of(g("y", T + k * STEP, 10 + k)), out);
        }
        assertTrue(out.dead.isEmpty(), "none late: " + out.dead);
        assertEquals(11, out.vectors.size());
        for (int k = 0; k < 11; k++) {
            assertArrayEquals(new double[] {k, 10 + k}, out.vectors.get(k).values(), "step " + k + " has both samples");
        }
        assertEquals(0, out.filled, "nothing carried: every sample arrived in its step");
    }

    @Test
    void aSourceSilentPastTheIdleBoundNoLongerHoldsTheOthersBackAndIsRememberedAcrossARestore() {
        long[] now = {T};
        Assembler a = new Assembler(AssemblyConfig.defaults(), () -> now[0]);
        a.accept("h", "p1", List.of(g("y", T, 1)), out);
        for (int k = 0; k < 6; k++) {
            a.accept("h", "p0", List.of(g("x", T + k * STEP, k)), out);
        }
        assertEquals(0, out.vectors.size(), "p1 is waited for");
        Map<String, byte[]> stored = a.drainChanged();
        now[0] += AssemblyConfig.DEFAULT_SOURCE_IDLE_MS + 1;
        a.tick(out);
        assertTrue(out.vectors.size() >= 4, "p1 went idle: the steps p0 passed close, " + out.vectors.size());

        Out other = new Out();
        Assembler b = new Assembler(AssemblyConfig.defaults(), () -> now[0]);
        stored.forEach(b::restore);
        b.accept("h", "p0", List.of(g("x", T + 6 * STEP, 6)), other);
        assertEquals(0, other.vectors.size(), "restored elsewhere, the same sources are waited for");
    }

    @Test
    void aSourceWhoseReaderIsCaughtUpStopsHoldingStepsBackUntilItSendsAgain() {
        long[] now = {T};
        Assembler a = new Assembler(AssemblyConfig.defaults(), () -> now[0]);
        a.accept("h", "p1", List.of(g("y", T, 1)), out);
        for (int k = 0; k < 4; k++) {
            a.accept("h", "p0", List.of(g("x", T + k * STEP, k)), out);
        }
        assertEquals(0, out.vectors.size(), "p1 is waited for");
        a.sourceIdle("p1", out);
        assertEquals(2, out.vectors.size(), "p1 has nothing more: the steps p0 passed by the grace close at once");
        a.accept("h", "p1", List.of(g("y", T + 4 * STEP, 2)), out);
        for (int k = 4; k < 8; k++) {
            a.accept("h", "p0", List.of(g("x", T + k * STEP, k)), out);
        }
        assertEquals(3, out.vectors.size(), "p1 sent again (step 4): it is waited for again, steps after it stay open");
    }
}
