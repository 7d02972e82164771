package io.recon.streaming.input;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded, direct-mapped cache from a key's UTF-8 bytes to its String. Records name a bounded set of
 * entities (hosts, devices, users), so the same key bytes come again and again: a hit costs a hash over
 * the bytes and one comparison, and returns the same String (whose hash code is then already cached for
 * the alert state's lookups) instead of allocating and decoding a new one per record. A miss decodes and
 * replaces the slot's entry, so memory stays bounded whatever the key cardinality.
 */
public final class KeyCache {
    private static final int MAX_KEY_BYTES = 64;

    private final byte[][] bytes;
    private final String[] strings;
    private final int mask;

    public KeyCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        bytes = new byte[slots][];
        strings = new String[slots];
        mask = slots - 1;
    }

    /** The string of the UTF-8 bytes {@code b[from, to)}. */
    public String get(byte[] b, int from, int to) {
        int len = to - from;
        if (len > MAX_KEY_BYTES) {
            return new String(b, from, len, StandardCharsets.UTF_8);
        }
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        int slot = (h ^ (h >>> 15)) & mask;
        byte[] k = bytes[slot];
        if (k != null && k.length == len && Arrays.equals(k, 0, len, b, from, to)) {
            return strings[slot];
        }
        String s = new String(b, from, len, StandardCharsets.UTF_8);
        bytes[slot] = Arrays.copyOfRange(b, from, to);
        strings[slot] = s;
        return s;
    }

    public String get(byte[] b) {
        return get(b, 0, b.length);
    }
}
