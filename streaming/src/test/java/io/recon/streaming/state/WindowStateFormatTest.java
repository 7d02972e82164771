package io.recon.streaming.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A windowed model's per-key window as its changelogged store keeps it, against golden bytes: the current version
 * writes exactly the golden bytes, the older one is still read.
 */
class WindowStateFormatTest {
    private static byte[] golden(String name) {
        return GoldenState.read(name);
    }

    private static byte[] window123() {
        byte[] s = null;
        for (float[] row : new float[][] {{1, 2}, {3, 4}, {5, 6}}) {
            s = WindowState.append(WindowState.read(s, 2, 2), row, 2, 2);
        }
        return s;
    }

    @Test
    void windowStateWritesFormatOneAndUpgradesFormatZero() throws Exception {
        byte[] current = window123();
        assertArrayEquals(golden("window-v1"), current);
        byte[] upgraded = WindowState.read(golden("window-v0"), 2, 2);
        assertArrayEquals(current, upgraded, "format 0 reads as the same window");
        float[] rows = new float[4];
        WindowState.copy(upgraded, 2, 2, rows, 0);
        assertArrayEquals(new float[] {3, 4, 5, 6}, rows, "oldest row first");
        assertTrue(WindowState.full(upgraded, 2));
        assertNull(WindowState.read(current, 3, 2), "a window of another shape starts over");
        assertNull(WindowState.read(new byte[5], 2, 2), "unreadable bytes start over");
    }
}
