package io.recon.trainer.data;

/** Sliding windows of W consecutive rows, flattened row-major to W*F floats. */
public final class Windows {
    private Windows() {}

    /**
     * Windows ending at every row from W-1 on, keeping those whose rows all pass {@code keepRow}
     * (for example: all rows normal).
     *
     * @return the windows; {@code ends[i]} receives the index of the last row of window i when not null
     */
    public static float[][] slide(float[][] rows, int w, boolean[] keepRow, int[][] ends) {
        if (w < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        int f = rows.length == 0 ? 0 : rows[0].length;
        java.util.List<float[]> out = new java.util.ArrayList<>();
        java.util.List<Integer> endRows = new java.util.ArrayList<>();
        int run = 0;
        for (int end = 0; end < rows.length; end++) {
            run = keepRow == null || keepRow[end] ? run + 1 : 0;
            if (run >= w) {
                float[] window = new float[w * f];
                for (int k = 0; k < w; k++) {
                    System.arraycopy(rows[end - w + 1 + k], 0, window, k * f, f);
                }
                out.add(window);
                endRows.add(end);
            }
        }
        if (ends != null) {
            ends[0] = endRows.stream().mapToInt(Integer::intValue).toArray();
        }
        return out.toArray(new float[0][]);
    }
}
