package io.recon.streaming.input;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Open-addressing table from a feature name's UTF-8 bytes to its index: lookups allocate nothing. */
final class FeatureNames {
    private final byte[][] keys;
    private final int[] values;
    private final int mask;

    private final byte[][] inOrder;
    /** Whether a name is printable ASCII without '"' or '\\': in JSON it can only be written as its own bytes. */
    private final boolean[] plain;

    FeatureNames(List<String> names) {
        inOrder = new byte[names.size()][];
        plain = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            inOrder[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
            plain[i] = names.get(i).chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        }
        int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;
        keys = new byte[size][];
        values = new int[size];
        mask = size - 1;
        for (int i = 0; i < names.size(); i++) {
            byte[] k = names.get(i).getBytes(StandardCharsets.UTF_8);
            int h = hash(k, 0, k.length) & mask;
            while (keys[h] != null) {
                h = (h + 1) & mask;
            }
            keys[h] = k;
            values[h] = i;
        }
    }

    /**
     * Index of the name held in {@code b[from, to)}, or -1; {@code guess} (the index producers usually
     * send next, in feature order) is tried first, which spares the hash for well-ordered records.
     */
    int find(byte[] b, int from, int to, int guess) {
        if (guess >= 0 && guess < inOrder.length) {
            byte[] k = inOrder[guess];
            if (k.length == to - from && java.util.Arrays.equals(k, 0, k.length, b, from, to)) {
                return guess;
            }
        }
        return find(b, from, to);
    }

    /**
     * When the JSON string whose first byte is {@code b[from]} is exactly the name of feature {@code guess} (the one
     * producers usually send next), the index of its closing quote; otherwise -1. Only for plain names: their
     * bytes followed by a quote can be nothing but that string, so the string need not be scanned first.
     */
    int plainMatch(byte[] b, int from, int end, int guess) {
        if (guess < 0 || guess >= inOrder.length || !plain[guess]) {
            return -1;
        }
        byte[] k = inOrder[guess];
        int q = from + k.length;
        if (q >= end || b[q] != '"') {
            return -1;
        }
        int i = 0;
        for (; i + 8 <= k.length; i += 8) { // eight bytes at a time: names like "cpu_user_pct" are long
            if (Words.at(b, from + i) != Words.at(k, i)) {
                return -1;
            }
        }
        for (; i < k.length; i++) {
            if (b[from + i] != k[i]) {
                return -1;
            }
        }
        return q;
    }

    /** Index of the name held in {@code b[from, to)}, or -1. */
    int find(byte[] b, int from, int to) {
        int h = hash(b, from, to) & mask;
        while (keys[h] != null) {
            byte[] k = keys[h];
            if (k.length == to - from && java.util.Arrays.equals(k, 0, k.length, b, from, to)) {
                return values[h];
            }
            h = (h + 1) & mask;
        }
        return -1;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
