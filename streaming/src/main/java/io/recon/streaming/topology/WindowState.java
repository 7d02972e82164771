package io.recon.streaming.topology;

import java.nio.ByteBuffer;

/**
 * The last W rows of one key, serialized for a changelogged store: {@code int count, int head,
 * float[W * F]} as a ring. {@code count} stops growing at W.
 */
final class WindowState {
    private WindowState() {}

    /** Appends one row of F values; returns the new state (a fresh array, as stores keep references). */
    static byte[] append(byte[] state, float[] row, int w, int f) {
        byte[] next = state != null && state.length == 8 + 4 * w * f ? state.clone() : new byte[8 + 4 * w * f];
        ByteBuffer b = ByteBuffer.wrap(next);
        int count = b.getInt(0);
        int head = b.getInt(4);
        int base = 8 + 4 * head * f;
        for (int i = 0; i < f; i++) {
            b.putFloat(base + 4 * i, row[i]);
        }
        b.putInt(0, Math.min(w, count + 1));
        b.putInt(4, (head + 1) % w);
        return next;
    }

    static boolean full(byte[] state, int w) {
        return ByteBuffer.wrap(state).getInt(0) >= w;
    }

    /** Copies the rows oldest first into {@code target[offset .. offset + W*F)}. */
    static void copy(byte[] state, int w, int f, float[] target, int offset) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int head = b.getInt(4);
        for (int r = 0; r < w; r++) {
            int slot = (head + r) % w;
            int base = 8 + 4 * slot * f;
            for (int i = 0; i < f; i++) {
                target[offset + r * f + i] = b.getFloat(base + 4 * i);
            }
        }
    }
}
