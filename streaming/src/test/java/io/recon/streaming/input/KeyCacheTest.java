package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyCacheTest {
    @Test
    void aHitReturnsTheSameStringAndEveryLookupTheRightOne() {
        KeyCache cache = new KeyCache(16);
        byte[] doc = "xx\"host-1\"yy".getBytes(StandardCharsets.UTF_8);
        String first = cache.get(doc, 3, 9);
        assertEquals("host-1", first);
        assertSame(first, cache.get("host-1".getBytes(StandardCharsets.UTF_8)), "a hit shares the String");
        // many more keys than slots: collisions replace entries, but every answer stays right
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1000; i++) {
                String k = "dev-" + i + "-é";
                assertEquals(k, cache.get(k.getBytes(StandardCharsets.UTF_8)));
            }
        }
        String longKey = "k".repeat(500);
        assertEquals(longKey, cache.get(longKey.getBytes(StandardCharsets.UTF_8)));
        assertEquals("", cache.get(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new KeyCache(12));
    }
}
