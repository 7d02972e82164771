package io.recon.streaming.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scored record's probabilities are written to four significant digits as valid JSON numbers. */
class ProbabilityFormatTest {
    private static String format(double v) {
        JsonBytes b = new JsonBytes();
        b.appendProbability(v);
        return b.toString();
    }

    @Test
    void writesFourSignificantDigitsThatParseBack() throws Exception {
        assertEquals("6.9E-4", format(6.9e-4), "the notation of every other number (Float.toString)");
        assertEquals("0.0123", format(0.0123));
        assertEquals("0.001", format(9.9996e-4), "rounded up to 10^-3: plain");
        assertEquals("1.25E-5", format(1.25e-5));
        assertEquals("0.5", format(0.5));
        assertEquals("1.0", format(1.0));
        assertEquals("1.0", format(0.99999));
        assertEquals("0.0", format(0.0));
        assertEquals("1.0E-4", format(1e-4));
        assertEquals("1.0E-5", format(1e-5));
        assertEquals("2.225E-308", format(Double.MIN_NORMAL));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double v = Math.pow(10, -r.nextDouble() * 307) * (0.5 + r.nextDouble());
            v = Math.min(v, 0.9994);
            String s = format(v);
            JsonNode n = Json.mapper().readTree(s);
            assertTrue(n.isNumber(), s);
            double back = n.asDouble();
            assertTrue(Math.abs(back - v) <= 5.0001e-4 * v, v + " -> " + s);
            if (back >= Float.MIN_NORMAL) {
                assertEquals(Float.toString((float) back).contains("E"), s.contains("E"), "one notation: " + s);
            }
        }
    }

    @Test
    void theDecimalExponentIsLog10sFloorAwayFromPowersOfTen() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 500_000; i++) {
            double v = Math.pow(10, -r.nextDouble() * 320) * (0.5 + r.nextDouble());
            if (v >= 1 || v <= 0) {
                continue;
            }
            int e = JsonBytes.decimalExponent(v);
            double mantissa = v / Math.pow(10, e); // in [1, 10) but for rounding right at a power of ten
            assertTrue(mantissa >= 1 - 1e-12 && mantissa < 10 * (1 + 1e-12), v + " -> 10^" + e);
        }
        for (int k = 1; k <= 300; k++) { // at the powers of ten themselves and their neighbours
            double p = Double.parseDouble("1e-" + k);
            assertEquals(-k, JsonBytes.decimalExponent(p), "1e-" + k);
            assertEquals(-k, JsonBytes.decimalExponent(Math.nextUp(p)), "just above 1e-" + k);
            assertEquals(-k - 1, JsonBytes.decimalExponent(Math.nextDown(p)), "just below 1e-" + k);
        }
    }
}
