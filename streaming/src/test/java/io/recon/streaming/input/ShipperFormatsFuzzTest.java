package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.testkit.ShipperFleet;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mangled shipper records (cut short, bytes flipped, garbage inserted, parts repeated) never make a reader throw:
 * each is read, in part or not at all, with reasons. The stream's decoding tasks catch a reader's exception as a
 * last resort; this checks they never need to.
 */
class ShipperFormatsFuzzTest {
    private static final String GARBAGE = "{}[]\",:\\ =\n0e-";

    @ParameterizedTest
    @ValueSource(strings = {"telegraf-json", "influx-line", "prometheus-json", "otlp-json", "otlp-proto", "recon-json"})
    void mangledRecordsAreRejectedNotThrown(String format) {
        List<ShipperFleet.Rec> records = new ShipperFleet(List.of("a", "b"), 1_796_094_000_000L, 15_000L, 3)
                .records(format.equals("recon-json") ? "telegraf-json" : format, 0, 5);
        Random r = new Random(format.hashCode());
        InputFormat reader = InputFormats.create(format, InputSettings.defaults());
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] v = records.get(r.nextInt(records.size())).value().clone();
            v = switch (r.nextInt(5)) {
                case 0 -> Arrays.copyOf(v, r.nextInt(v.length + 1));
                case 1 -> {
                    for (int k = 0; k < 1 + r.nextInt(4); k++) {
                        v[r.nextInt(v.length)] = (byte) r.nextInt(256);
                    }
                    yield v;
                }
                case 2 -> {
                    byte[] w = new byte[v.length + 8];
                    int at = r.nextInt(v.length + 1);
                    System.arraycopy(v, 0, w, 0, at);
                    for (int k = 0; k < 8; k++) {
                        w[at + k] = (byte) GARBAGE.charAt(r.nextInt(GARBAGE.length()));
                    }
                    System.arraycopy(v, at, w, at + 8, v.length - at);
                    yield w;
                }
                case 3 -> {
                    int a = r.nextInt(v.length);
                    int b = a + r.nextInt(v.length - a);
                    byte[] w = new byte[v.length + (b - a)];
                    System.arraycopy(v, 0, w, 0, b);
                    System.arraycopy(v, a, w, b, v.length - a);
                    yield w;
                }
                default -> {
                    byte[] w = new byte[r.nextInt(64)];
                    r.nextBytes(w);
                    yield w;
                }
            };
            Collected c = new Collected();
            Rejection whole = reader.read(r.nextBoolean() ? null : new byte[] {'k'}, v, 7, c);
            if (whole != null || !c.rejected.isEmpty()) {
                rejected++;
            }
        }
        assertTrue(rejected > 1000, format + ": mangled records are mostly rejected, " + rejected);
    }
}
