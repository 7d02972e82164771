package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.metrics.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every kind of hostile input gets a dead-letter reason from the parser, and never an exception or a stack overflow. */
class HostileInputTest {
    private final RecordParser fast = new RecordParser(List.of("a", "b"), new KeyCache(16), true);
    private final RecordParser full = new RecordParser(List.of("a", "b"), new KeyCache(16), false);
    private final float[] row = new float[2];

    private DeadLetterReason reject(byte[] value) {
        DeadLetterReason r = null;
        for (RecordParser p : List.of(fast, full)) {
            RowRead read = p.parse(value, row, 0);
            assertFalse(read.usable(), "accepted: " + preview(value));
            assertNotNull(read.error());
            assertNotNull(read.detail());
            assertTrue(read.detail().length() < 400, "a detail is short: " + read.detail().length());
            if (r != null) {
                assertEquals(r, read.error(), "both parsers agree on " + preview(value));
            }
            r = read.error();
        }
        return r;
    }

    private static String preview(byte[] v) {
        return new String(v, 0, Math.min(v.length, 80), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomBytesAndTruncatedJson() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + r.nextInt(300)];
            r.nextBytes(junk);
            junk[0] = (byte) (junk[0] == '{' ? 'x' : junk[0]);
            reject(junk);
        }
        byte[] good = bytes("{\"key\":\"k\",\"timestamp\":1,\"fields\":{\"a\":1.5,\"b\":2}}");
        assertTrue(fast.parse(good, row, 0).usable());
        for (int cut = 1; cut < good.length; cut++) {
            reject(java.util.Arrays.copyOf(good, cut));
        }
    }

    @Test
    void nestingTenThousandDeep() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertEquals(DeadLetterReason.NOT_OBJECT, reject(bytes(deep)));
        reject(bytes("{\"key\":\"k\",\"extra\":" + deep + ",\"fields\":{\"a\":1,\"b\":" + deep + "}}"));
        String objects = "{\"x\":".repeat(10_000) + "1" + "}".repeat(10_000);
        reject(bytes(objects.replaceFirst("\\{\"x\":", "{\"fields\":")));
        reject(bytes("{\"fields\":{\"a\":1,\"b\":2},\"extra\":" + "[".repeat(10_000) + "}"));
    }

    @Test
    void numbersWithTenThousandDigits() {
        String digits = "9".repeat(10_000);
        assertEquals(DeadLetterReason.NON_FINITE, reject(bytes("{\"fields\":{\"a\":" + digits + ",\"b\":1}}")));
        assertEquals(DeadLetterReason.NON_FINITE, reject(bytes("{\"values\":[1," + digits + "]}")));
        reject(bytes("{\"fields\":{\"a\":1" + "e".repeat(10_000) + ",\"b\":1}}"));
    }

    @Test
    void invalidUtf8() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(bytes("{\"key\":\"h"));
        o.write(0xC3); // a lead byte without its continuation
        o.writeBytes(bytes("\",\"fields\":{\"a\":1,\"b\":2}}"));
        assertEquals(DeadLetterReason.NOT_JSON, reject(o.toByteArray()));
        o.reset();
        o.writeBytes(bytes("{\"fields\":{\"a\":1,\"b\":2,\""));
        o.write(0xFF);
        o.writeBytes(bytes("\":3}}"));
        assertEquals(DeadLetterReason.NOT_JSON, reject(o.toByteArray()));
        o.reset();
        o.writeBytes(bytes("{\"note\":\""));
        o.write(0xED); // an encoded surrogate
        o.write(0xA0);
        o.write(0x80);
        o.writeBytes(bytes("\",\"fields\":{\"a\":1,\"b\":2}}"));
        assertEquals(DeadLetterReason.NOT_JSON, reject(o.toByteArray()));
        assertTrue(fast.parse(bytes("{\"key\":\"hôst-é😀\",\"fields\":{\"a\":1,\"b\":2}}"), row, 0).usable(),
                "valid UTF-8 passes");
    }

    @Test
    void duplicatedFields() {
        assertEquals(DeadLetterReason.DUPLICATE_FIELD, reject(bytes("{\"fields\":{\"a\":1,\"a\":2,\"b\":3}}")));
        assertEquals(DeadLetterReason.DUPLICATE_FIELD, reject(bytes("{\"fields\":{\"a\":1,\"b\":2,\"a\":1}}")));
        assertEquals(DeadLetterReason.DUPLICATE_FIELD, reject(bytes("{\"key\":\"x\",\"key\":\"y\",\"fields\":{\"a\":1,\"b\":2}}")));
        assertEquals(DeadLetterReason.DUPLICATE_FIELD, reject(bytes("{\"fields\":{\"a\":1,\"b\":2},\"fields\":{\"a\":1,\"b\":2}}")));
    }
}
