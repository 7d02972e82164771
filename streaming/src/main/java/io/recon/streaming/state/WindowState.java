package io.recon.streaming.state;

import java.nio.ByteBuffer;

/**
 * The last W rows of one key, serialized for a changelogged store, as a ring.
 *
 * <p>Format version 1 (current): {@code int 0x52570001 ("RW", version 1), int count, int head, int W,
 * int F, float[W * F]}; {@code count} stops growing at W. Version 0 (Recon before state versions) had no
 * header: {@code int count, int head, float[W * F]}; {@link #read} upgrades it. A state whose shape
 * differs from the model's (a new version with another window) is dropped and the key warms up again.
 * Golden bytes: {@code src/test/resources/golden/state/}.
 */
public final class WindowState {
    static final int MAGIC_V1 = 0x52570001;
    private static final int HEADER = 20;

    private WindowState() {}

    /** The state in the current format, or null when it is absent, unreadable or of another shape. */
    public static byte[] read(byte[] state, int w, int f) {
        if (state == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(state);
        if (state.length == HEADER + 4 * w * f && b.getInt(0) == MAGIC_V1) {
            return b.getInt(12) == w && b.getInt(16) == f ? state : null;
        }
        if (state.length == 8 + 4 * w * f) { // version 0
            int count = b.getInt(0);
            int head = b.getInt(4);
            if (count < 0 || count > w || head < 0 || head >= w) {
                return null;
            }
            byte[] v1 = empty(w, f);
            ByteBuffer n = ByteBuffer.wrap(v1);
            n.putInt(4, count).putInt(8, head);
            System.arraycopy(state, 8, v1, HEADER, 4 * w * f);
            return v1;
        }
        return null;
    }

    private static byte[] empty(int w, int f) {
        byte[] s = new byte[HEADER + 4 * w * f];
        ByteBuffer.wrap(s).putInt(0, MAGIC_V1).putInt(12, w).putInt(16, f);
        return s;
    }

    /**
     * Appends one row of F values to a current-format state (or null); returns the new state, a fresh
     * array (stores keep references).
     */
    public static byte[] append(byte[] state, float[] row, int w, int f) {
        byte[] next = state != null ? state.clone() : empty(w, f);
        ByteBuffer b = ByteBuffer.wrap(next);
        int count = b.getInt(4);
        int head = b.getInt(8);
        int base = HEADER + 4 * head * f;
        for (int i = 0; i < f; i++) {
            b.putFloat(base + 4 * i, row[i]);
        }
        b.putInt(4, Math.min(w, count + 1));
        b.putInt(8, (head + 1) % w);
        return next;
    }

    public static boolean full(byte[] state, int w) {
        return ByteBuffer.wrap(state).getInt(4) >= w;
    }

    /** Copies the rows oldest first into {@code target[offset .. offset + W*F)}. */
    public static void copy(byte[] state, int w, int f, float[] target, int offset) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int head = b.getInt(8);
        for (int r = 0; r < w; r++) {
            int slot = (head + r) % w;
            int base = HEADER + 4 * slot * f;
            for (int i = 0; i < f; i++) {
                target[offset + r * f + i] = b.getFloat(base + 4 * i);
            }
        }
    }
}
