package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private final RecordParser parser = new RecordParser(List.of("cpu", "mem"));
    private final float[] out = new float[6];

    /** What the parser made of the last record {@link #parse} gave it. */
    private RowRead last;

    private boolean parse(String json) {
        last = parser.parse(json.getBytes(StandardCharsets.UTF_8), out, 2);
        return last.usable();
    }

    @Test
    void namedFieldsInAnyOrderLandAtTheirFeatureIndex() {
        assertTrue(parse("{\"fields\":{\"mem\":2.5,\"other\":{\"x\":[1]},\"cpu\":-1},\"key\":\"h\",\"timestamp\":1764000000007}"));
        assertArrayEquals(new float[] {0, 0, -1f, 2.5f, 0, 0}, out);
        assertEquals("h", last.key());
        assertEquals(1764000000007L, last.timeMs());
    }

    @Test
    void timestampsInSecondsMicrosOrNanosAreToldByTheirSizeAndCounted() {
        String[] given = {"1796094000", "1796094000.25", "1796094000123", "1796094000123456", "1796094000123456789"};
        long[] millis = {1796094000000L, 1796094000250L, 1796094000123L, 1796094000123L, 1796094000123L};
        for (boolean fast : new boolean[] {true, false}) {
            RecordParser p = new RecordParser(List.of("cpu", "mem"), new KeyCache(8), fast);
            for (int i = 0; i < given.length; i++) {
                RowRead r = p.parse(("{\"timestamp\":" + given[i] + ",\"values\":[1,2]}").getBytes(StandardCharsets.UTF_8),
                        new float[2], 0);
                assertTrue(r.usable(), given[i] + ": " + r.detail());
                assertEquals(millis[i], r.timeMs(), given[i] + (fast ? " (fast)" : " (full)"));
            }
            assertEquals(2, p.drainConverted(EpochTime.SECONDS));
            assertEquals(0, p.drainConverted(EpochTime.MILLIS));
            assertEquals(1, p.drainConverted(EpochTime.UNITS.indexOf("us")));
            assertEquals(1, p.drainConverted(EpochTime.UNITS.indexOf("ns")));
            assertEquals(0, p.drainConverted(EpochTime.SECONDS), "drained");
            RowRead r = p.parse("{\"timestamp\":1796094000123.5,\"values\":[1,2]}".getBytes(StandardCharsets.UTF_8),
                    new float[2], 0);
            assertFalse(r.usable(), "a fraction of a millisecond is not a time");
            assertEquals(DeadLetterReason.WRONG_TYPE, r.error());
        }
    }

    @Test
    void valuesInOrder() {
        assertTrue(parse("{\"values\":[3,4]}"));
        assertEquals(3f, out[2]);
        assertFalse(last.hasTime());
    }

    @Test
    void reasons() {
        expect("nope", DeadLetterReason.NOT_JSON);
        expect("{\"values\":[1,2]} trailing", DeadLetterReason.NOT_JSON);
        expect("42", DeadLetterReason.NOT_OBJECT);
        expect("{\"values\":[1]}", DeadLetterReason.WRONG_DIMENSION);
        expect("{\"values\":[1,2,3]}", DeadLetterReason.WRONG_DIMENSION);
        expect("{\"values\":[1,\"2\"]}", DeadLetterReason.WRONG_TYPE);
        expect("{\"values\":[1,null]}", DeadLetterReason.WRONG_TYPE);
        expect("{\"fields\":{\"cpu\":1}}", DeadLetterReason.MISSING_FIELD);
        expect("{\"timestamp\":1}", DeadLetterReason.MISSING_FIELD);
        expect("{\"values\":[1,NaN]}", DeadLetterReason.NON_FINITE);
        expect("{\"values\":[-Infinity,1]}", DeadLetterReason.NON_FINITE);
        expect("{\"values\":[1e39,1]}", DeadLetterReason.NON_FINITE);
        expect("{\"timestamp\":\"yesterday\",\"values\":[1,2]}", DeadLetterReason.WRONG_TYPE);
        expect("{\"values\":[1,2],\"fields\":{\"cpu\":1,\"mem\":2}}", DeadLetterReason.WRONG_TYPE);
    }

    private void expect(String json, DeadLetterReason reason) {
        assertFalse(parse(json), json);
        assertEquals(reason, last.error(), json + ": " + last.detail());
        assertFalse(last.detail().isBlank());
    }

    @Test
    void escapesNestingAndNumberForms() {
        assertTrue(parse(" { \"skip\" : {\"a\":[1,{\"b\":\"}]\"}],\"t\":true} , \"key\":\"h\\\"1\\u00e9\","
                + "\"fields\":{\"c\\u0070u\":-1.5e-3,\"mem\":120E+1,\"x\":null}}"));
        assertEquals("h\"1\u00e9", last.key());
        assertEquals(-1.5e-3f, out[2]);
        assertEquals(1200f, out[3]);
        assertTrue(parse("{\"values\":[0.1234567890123456789,-12345678901234567890]}"));
        assertEquals(0.12345679f, out[2]);
        assertEquals(-1.2345679e19f, out[3]);
    }

    @Test
    void agreesWithJavasParserOnRandomNumbers() {
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 20_000; i++) {
            double a = switch (i % 4) {
                case 0 -> r.nextGaussian() * 1000;
                case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
                case 2 -> (float) (r.nextDouble() * 100);
                default -> r.nextInt(1_000_000) / 1000.0;
            };
            String text = (i % 3 == 0) ? Double.toString(a) : (i % 3 == 1) ? Float.toString((float) a)
                    : String.format(java.util.Locale.ROOT, "%.6e", a);
            assertTrue(parse("{\"values\":[" + text + ",0]}"), text);
            assertEquals((float) Double.parseDouble(text), out[2], text);
        }
    }

    @Test
    void longFormsRoundToTheSameFloatAsJavasParserEvenNearFloatMidpoints() {
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < 20_000; i++) {
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(16) - 8));
            // the exact midpoint between two floats, written with all its digits, then nudged by less than
            // a double's ulp either way: the hardest inputs for a float conversion (double rounding)
            java.math.BigDecimal mid = new java.math.BigDecimal(((double) f + (double) Math.nextUp(f)) / 2);
            java.math.BigDecimal nudge = mid.abs().multiply(new java.math.BigDecimal("1e-19"));
            String[] texts = {mid.toString(), mid.add(nudge).toString(), mid.subtract(nudge).toString(),
                    Double.toString(r.nextGaussian()), Double.toString(r.nextDouble() * 1e-5), mid.toPlainString()};
            for (String text : texts) {
                assertTrue(parse("{\"values\":[" + text + ",0]}"), text);
                assertEquals((float) Double.parseDouble(text), out[2], text);
            }
        }
    }

    @Test
    void digitRunsOfEveryLengthAndEndingAnywhere() {
        java.util.Random r = new java.util.Random(4);
        for (int intLen = 1; intLen <= 20; intLen++) {
            for (int fracLen = 0; fracLen <= 20; fracLen++) {
                StringBuilder t = new StringBuilder(r.nextBoolean() ? "-" : "");
                t.append((char) ('1' + r.nextInt(9)));
                for (int i = 1; i < intLen; i++) {
                    t.append((char) ('0' + r.nextInt(10)));
                }
                if (fracLen > 0) {
                    t.append('.');
                    for (int i = 0; i < fracLen; i++) {
                        t.append((char) ('0' + r.nextInt(10)));
                    }
                }
                String text = t.toString();
                // followed by ',' or by the end of the array, so runs end at every place in an 8-byte word
                assertTrue(parse("{\"values\":[" + text + "," + text + "]}"), text);
                assertEquals((float) Double.parseDouble(text), out[2], text);
                assertEquals((float) Double.parseDouble(text), out[3], text);
            }
        }
        assertTrue(parse("{\"timestamp\":1763900000000,\"values\":[12345678,0.12345678]}"));
        assertEquals(1763900000000L, last.timeMs());
        assertEquals(12345678f, out[2]);
        assertEquals(0.12345678f, out[3]);
    }

    @Test
    void stringsAreScannedRightWhereverAQuoteEscapeOrControlCharacterFalls() {
        for (int at = 0; at < 20; at++) {
            String head = "h".repeat(at);
            assertTrue(parse("{\"key\":\"" + head + "\",\"values\":[1,2]}"), "quote at " + at);
            assertEquals(head, last.key());
            assertTrue(parse("{\"key\":\"" + head + "\\\"q\u00e9x\",\"values\":[1,2]}"), "escape at " + at);
            assertEquals(head + "\"q\u00e9x", last.key());
            assertFalse(parse("{\"key\":\"" + head + "\u0001z\",\"values\":[1,2]}"), "control character at " + at);
            assertEquals(DeadLetterReason.NOT_JSON, last.error());
            assertTrue(last.detail().contains("control character"), last.detail());
            assertFalse(parse("{\"key\":\"" + head), "unterminated at " + at);
        }
    }

    @Test
    void truncatedAndBrokenDocumentsAreNotJson() {
        for (String s : new String[] {"{", "{\"values\":[1,2", "{\"values\":[1,2]", "{\"values\" [1,2]}", "{\"a\":tru}",
                "{\"values\":[1.,2]}", "{\"values\":[1e,2]}", "{\"a\":\"x}", ""}) {
            assertFalse(parse(s), s);
            assertEquals(DeadLetterReason.NOT_JSON, last.error(), s);
        }
    }
}
