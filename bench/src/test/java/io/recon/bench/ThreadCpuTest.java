package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void groupsTakeOutTheAppIdClientIdsAndNumbers() {
        assertEquals("<app>-<id>-StreamThread-#", ThreadCpu.group("bench-scorer-3-0f8e2a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b-StreamThread-1",
                "bench-scorer-3"));
        assertEquals("data-plane-kafka-request-handler-#", ThreadCpu.group("data-plane-kafka-request-handler-7", "x"));
    }

    @Test
    void perRecordSplitsTheProcessIntoThreadsAndTheRest() {
        Map<String, Long> before = Map.of("a", 1_000L, "b", 0L, ThreadCpu.BYTES + "a", 100L, ThreadCpu.OUTSIDE, 10_000L);
        Map<String, Long> after = Map.of("a", 3_000L, "b", 4_000L, "c", 1_000L, ThreadCpu.BYTES + "a", 400L,
                ThreadCpu.OUTSIDE, 20_000L);
        Map<String, Double> r = ThreadCpu.perRecord(before, after, 1);
        assertEquals(2.0, r.get("a"), 1e-9);
        assertEquals(4.0, r.get("b"), 1e-9);
        assertEquals(1.0, r.get("c"), 1e-9);
        assertEquals(3.0, r.get(ThreadCpu.OUTSIDE), 1e-9); // 10 us of process CPU, 7 in threads
        assertEquals(300.0, r.get(ThreadCpu.BYTES + "a"), 1e-9); // bytes are not CPU
        assertTrue(ThreadCpu.describe(r).indexOf("b") < ThreadCpu.describe(r).indexOf("a"), "largest first");
    }
}
