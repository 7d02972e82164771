package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast scan gives exactly what the full parser gives, or leaves the record to it. */
class FastRecordScanTest {
    private static final List<String> NAMES = List.of("cpu", "mem", "disk_io");

    private final RecordParser full = new RecordParser(NAMES, new KeyCache(64), false);
    private final RecordParser withFast = new RecordParser(NAMES, new KeyCache(64), true);
    private final FastRecordScan scan = new FastRecordScan(new FeatureNames(NAMES), NAMES.size(), new KeyCache(64));

    private void same(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        float[] a = new float[NAMES.size() + 2];
        float[] c = new float[NAMES.size() + 2];
        RowRead byFull = full.parse(b, a, 1);
        RowRead byFast = withFast.parse(b, c, 1);
        assertEquals(byFull, byFast, json); // verdict, reason, detail, key and time
        if (byFull.usable()) {
            assertArrayEquals(a, c, json);
        }
    }

    /** The parser with the fast scan gives what the full parser alone gives: verdict, reason and values. */
    private static void agree(RecordParser fullOnly, RecordParser fast, String json, int features) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        float[] x = new float[features];
        float[] y = new float[features];
        assertEquals(fullOnly.parse(b, x, 0), fast.parse(b, y, 0), json);
        assertArrayEquals(x, y, json);
    }

    private static String number(Random r) {
        double v = r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
        return switch (r.nextInt(6)) {
            case 0 -> Float.toString((float) v);
            case 1 -> Double.toString(v);
            case 2 -> String.format(Locale.ROOT, "%.3f", v);
            case 3 -> Long.toString(r.nextLong() % 100_000_000_000L);
            case 4 -> String.format(Locale.ROOT, "%.17f", v);
            default -> String.format(Locale.ROOT, "%.4e", v);
        };
    }

    @Test
    void agreesWithTheFullParserOnRandomRecordsOfManyShapes() {
        Random r = new Random(7);
        String[] sep = {"", " ", "\n  "};
        int fastHits = 0;
        for (int i = 0; i < 20_000; i++) {
            String s = sep[r.nextInt(sep.length)];
            StringBuilder fields = new StringBuilder("{");
            int n = NAMES.size() - (r.nextInt(20) == 0 ? 1 : 0) + (r.nextInt(10) == 0 ? 1 : 0);
            for (int f = 0; f < n; f++) {
                String name = f < NAMES.size() ? NAMES.get((f + i) % NAMES.size()) : (r.nextBoolean() ? "extra" : "cpu");
                fields.append(f == 0 ? "" : "," + s).append('"').append(name).append('"').append(s).append(':').append(s)
                        .append(r.nextInt(50) == 0 ? "\"x\"" : number(r));
            }
            fields.append(s).append('}');
            String key = switch (r.nextInt(8)) {
                case 0 -> "";
                case 1 -> "\"key\":null,";
                case 2 -> "\"key\":\"h\\\"q\",";
                case 3 -> "\"key\":\"h\u00e9-" + i % 7 + "\",";
                default -> "\"key\":\"host-" + i % 50 + "\"," + s;
            };
            String ts = switch (r.nextInt(6)) {
                case 0 -> "";
                case 1 -> "\"timestamp\":-5,";
                case 2 -> "\"timestamp\":1.7639e12,";
                default -> "\"timestamp\":" + (1763900000000L + i) + "," + s;
            };
            String tail = r.nextInt(30) == 0 ? ",\"note\":\"x\"" : r.nextInt(30) == 0 ? "}" : "";
            String json = "{" + s + key + ts + "\"fields\":" + s + fields + tail + s + "}";
            same(json);
            fastHits += scan.scan(json.getBytes(StandardCharsets.UTF_8), new float[NAMES.size()], 0) ? 1 : 0;
        }
        // (exponents, 17-digit forms, escapes, null keys, extra members and errors are left to the full parser)
        assertTrue(fastHits > 1_000, "the common shape takes the fast scan: " + fastHits);
    }

    @Test
    void leavesEverythingUnusualToTheFullParser() {
        for (String json : new String[] {"", "{}", "[1,2]", "{\"values\":[1,2,3]}", "{\"fields\":{\"cpu\":1,\"mem\":2}}",
                "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":NaN}}", "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":1.}}",
                "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":-}}", "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}} x",
                "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3},\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}}",
                "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":12345678901234567890}}", "{\"fields\":{\"cpu\":1,\"mem\":2,"
                + "\"disk_io\":3},\"timestamp\":99999999999999999}", "{\"fields\":{\"c\\u0070u\":1,\"mem\":2,\"disk_io\":3}}",
                "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}", "{\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3},}",
                // member names that are escaped forms, prefixes or extensions of key, timestamp and fields
                "{\"k\\u0065y\":\"a\",\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}}",
                "{\"ke\":\"a\",\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}}",
                "{\"keys\":\"a\",\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}}",
                "{\"timestamp_ms\":5,\"fields\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}}",
                "{\"field\":{\"cpu\":1,\"mem\":2,\"disk_io\":3}}", "{\"fields"}) {
            same(json);
        }
        assertTrue(scan.scan("{\"fields\":{\"cpu\":1,\"mem\":-2.5,\"disk_io\":3}}".getBytes(StandardCharsets.UTF_8),
                new float[3], 0));
    }

    @Test
    void longNamesMoreThan64FeaturesAndFractionsOfEveryLengthAgreeToo() {
        // names of 8 and more bytes (compared a word at a time) that differ only in their last word, more than 64
        // features (beyond the one-word record of fields seen), fractions of 1 to 20 digits around the two-word read
        List<String> names = new java.util.ArrayList<>();
        for (int f = 0; f < 70; f++) {
            names.add((f % 3 == 0 ? "sensor_" : f % 3 == 1 ? "datacenter_rack_temperature_" : "io_") + f);
        }
        RecordParser fullOnly = new RecordParser(names, new KeyCache(64), false);
        RecordParser fast = new RecordParser(names, new KeyCache(64), true);
        FastRecordScan alone = new FastRecordScan(new FeatureNames(names), names.size(), new KeyCache(64));
        Random r = new Random(11);
        int fastHits = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sb = new StringBuilder("{\"key\":\"k").append(i % 9).append("\",\"fields\":{");
            int n = names.size() + (r.nextInt(15) == 0 ? 1 : 0) - (r.nextInt(15) == 0 ? 1 : 0);
            for (int f = 0; f < n; f++) {
                String name = f < names.size() ? names.get(f) : names.get(r.nextInt(names.size())); // a duplicate
                if (r.nextInt(700) == 0) {
                    name = name.substring(0, name.length() - 1) + "x"; // differs in the last byte only
                }
                StringBuilder num = new StringBuilder(r.nextBoolean() ? "-" : "").append(r.nextInt(1000)).append('.');
                int digits = 1 + (r.nextInt(500) == 0 ? r.nextInt(20) : r.nextInt(12)); // 16+ digits: the full parser
                for (int d = 0; d < digits; d++) {
                    num.append((char) ('0' + r.nextInt(10)));
                }
                sb.append(f == 0 ? "" : ",").append('"').append(name).append("\":").append(num);
            }
            String json = sb.append("}}").toString();
            agree(fullOnly, fast, json, names.size());
            fastHits += alone.scan(json.getBytes(StandardCharsets.UTF_8), new float[names.size()], 0) ? 1 : 0;
        }
        assertTrue(fastHits > 500, "the common shape takes the fast scan: " + fastHits);
    }

    @Test
    void namesThatNeedEscapesOrArePrefixesOfOthersAgreeToo() {
        List<String> names = List.of("a\"b", "c\\d", "\u00e9t\u00e9", "cpu", "cpu2");
        RecordParser fullOnly = new RecordParser(names, new KeyCache(64), false);
        RecordParser fast = new RecordParser(names, new KeyCache(64), true);
        for (String json : new String[] {
            "{\"fields\":{\"a\\\"b\":1,\"c\\\\d\":2,\"\u00e9t\u00e9\":3,\"cpu\":4,\"cpu2\":5}}",
            "{\"fields\":{\"a\"b\":1,\"c\\\\d\":2,\"\u00e9t\u00e9\":3,\"cpu\":4,\"cpu2\":5}}", // a raw quote: not JSON
            "{\"fields\":{\"a\\\"b\":1,\"c\\d\":2,\"\u00e9t\u00e9\":3,\"cpu\":4,\"cpu2\":5}}", // a bad escape
            "{\"fields\":{\"a\\\"b\":1,\"c\\\\d\":2,\"\u00e9t\u00e9\":3,\"cpu2\":5,\"cpu\":4}}",
            "{\"fields\":{\"a\\\"b\":1,\"c\\\\d\":2,\"\u00e9t\u00e9\":3,\"cpu\":4,\"cpu\":5}}",
            "{\"fields\":{\"a\\\"b\":1,\"c\\\\d\":2,\"\u00e9t\u00e9\":3,\"cp\":4,\"cpu2\":5}}",
            "{\"fields\":{\"cpu\":4,\"cpu2\":5,\"a\\\"b\":1,\"c\\\\d\":2,\"\u00e9t\u00e9\":3}}"}) {
            agree(fullOnly, fast, json, names.size());
        }
        // plain names in order take the fast scan's name match; the others go through the full parser
        assertTrue(new FastRecordScan(new FeatureNames(List.of("cpu", "cpu2")), 2, new KeyCache(64))
                .scan("{\"fields\":{\"cpu\":4,\"cpu2\":5}}".getBytes(StandardCharsets.UTF_8), new float[2], 0));
    }

    @Test
    void eightBytesAtATimeCountAndConvertDigitsAsOneAtATimeWould() {
        Random r = new Random(3);
        byte[] pool = "0123456789.-eE,} \"\u00e9/:".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[8];
            int digits = r.nextInt(9);
            for (int j = 0; j < 8; j++) {
                b[j] = j < digits ? (byte) ('0' + r.nextInt(10)) : r.nextInt(4) == 0 ? (byte) r.nextInt(256) : pool[r.nextInt(pool.length)];
            }
            long w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            int n = 0;
            long v = 0;
            while (n < 8 && b[n] >= '0' && b[n] <= '9') {
                v = v * 10 + (b[n] - '0');
                n++;
            }
            assertEquals(n, Words.leadingDigits(w), java.util.Arrays.toString(b));
            if (n > 0) {
                assertEquals(v, Words.digitsValue(w, n), java.util.Arrays.toString(b));
            }
        }
    }
}
