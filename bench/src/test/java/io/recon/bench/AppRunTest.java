package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AppRunTest {
    @Test
    void steadyWindowStartsWhenRunningAndCpuIsPerSteadyRecord() throws Exception {
        AtomicLong count = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        // every look at the count sees 10,000 more records; the app is RUNNING from 200,000 on, and its
        // threads use 1 ms of CPU per 10,000 records
        AppRun r = AppRun.await(1_000_000, () -> count.addAndGet(10_000), () -> count.get() >= 200_000,
                () -> cpu.addAndGet(0) + count.get() * 100, "app");
        assertTrue(r.startupMs() > 0, "records came out before RUNNING: " + r);
        assertTrue(r.steadyRps() > 0 && r.overallRps() > 0, r.toString());
        assertTrue(r.steadyRps() >= r.overallRps() * 0.5, r.toString());
        // 100 ns per record, counted over the steady window only
        assertEquals(0.1, r.threadCpuUs(), 0.005, r.toString());
    }

    @Test
    void withoutARunningStateTheWholeRunIsTheWindow() throws Exception {
        AtomicLong count = new AtomicLong();
        AppRun r = AppRun.await(100_000, () -> count.addAndGet(10_000), () -> false, () -> 0L, "app");
        assertEquals(0.0, r.startupMs());
        assertEquals(r.overallRps(), r.steadyRps(), 1e-9);
        assertTrue(Double.isNaN(r.processCpuUs()), "no steady window, no process CPU figure");
    }
}
