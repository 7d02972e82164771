package io.recon.streaming.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatText} writes what Jackson's shortest-decimal writer (the JDK 19+ {@code Float.toString}) writes.
 * Every float but the NaNs (bit patterns 0 to 0x7F800000 and 0x80000000 to 0xFF800000, 4.3 billion, the infinities
 * included) was compared on 2026-12-02 over this same comparison (2 minutes per sign on 2 cores): no difference; that
 * check is {@link FloatTextExhaustiveTest}, run on demand. Here: the special values, every power of two and its neighbours, the smallest
 * subnormals, short decimals, and a million random bit patterns.
 */
class FloatTextTest {
    private final byte[] buf = new byte[32];

    private void same(float f) {
        int n = FloatText.write(f, buf, 3);
        assertEquals(NumberOutput.toString(f, true), new String(buf, 3, n - 3, StandardCharsets.US_ASCII),
                "bits 0x" + Integer.toHexString(Float.floatToRawIntBits(f)));
    }

    @Test
    void specialValuesPowersOfTwoAndTheirNeighbours() {
        for (float f : new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.MAX_VALUE, 1f, 0.1f, 1e7f, 9999999f, 1e-3f, 9.999999e-4f, 123456.7f, 1.0E-45f}) {
            same(f);
            same(-f);
        }
        same(Float.intBitsToFloat(0xFFC00000)); // a NaN with its sign bit set
        for (int e = -149; e <= 127; e++) {
            float p = (float) Math.scalb(1.0, e);
            same(p);
            same(Math.nextUp(p));
            same(Math.nextDown(p));
        }
        for (int t = 1; t < 1 << 16; t++) { // subnormals, the scaled ones (below 8) among them
            same(Float.intBitsToFloat(t));
        }
    }

    @Test
    void shortDecimalsComeBackAsWritten() {
        for (int digits = 1; digits <= 9; digits++) {
            for (int exp = -46; exp <= 39; exp++) {
                String s = BigInteger.TEN.pow(digits).subtract(BigInteger.valueOf(7)).toString() + "E" + exp;
                same(Float.parseFloat(s));
                same(Float.parseFloat("1E" + exp));
                same(Float.parseFloat("5E" + exp));
            }
        }
    }

    @Test
    void randomBitPatterns() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++) {
            same(Float.intBitsToFloat(r.nextInt()));
        }
    }

    @Test
    void theLog10AndLog2ShortcutsAreExactOverFloatExponents() {
        for (int e = -160; e <= 160; e++) {
            int k = FloatText.flog10pow2(e);
            BigInteger[] ratio = powerRatio(e, 1, 1);
            assertEquals(true, compare(ratio, k) >= 0 && compare(ratio, k + 1) < 0, "floor(log10 2^" + e + ")");
            int k34 = FloatText.flog10threeQuartersPow2(e);
            BigInteger[] r34 = powerRatio(e, 3, 4);
            assertEquals(true, compare(r34, k34) >= 0 && compare(r34, k34 + 1) < 0, "floor(log10 3/4 2^" + e + ")");
        }
        for (int k = -50; k <= 50; k++) { // 2^b <= 10^k < 2^(b+1)
            int b = FloatText.flog2pow10(k);
            double log2 = k * (Math.log(10) / Math.log(2));
            assertEquals((int) Math.floor(log2), b, "floor(log2 10^" + k + ")");
        }
    }

    /** 2^e * num / den as a fraction. */
    private static BigInteger[] powerRatio(int e, int num, int den) {
        BigInteger n = BigInteger.valueOf(num);
        BigInteger d = BigInteger.valueOf(den);
        return e >= 0 ? new BigInteger[] {n.shiftLeft(e), d} : new BigInteger[] {n, d.shiftLeft(-e)};
    }

    /** Sign of (fraction - 10^k). */
    private static int compare(BigInteger[] f, int k) {
        BigInteger lhs = f[0];
        BigInteger rhs = f[1];
        if (k >= 0) {
            rhs = rhs.multiply(BigInteger.TEN.pow(k));
        } else {
            lhs = lhs.multiply(BigInteger.TEN.pow(-k));
        }
        return lhs.compareTo(rhs);
    }
}
