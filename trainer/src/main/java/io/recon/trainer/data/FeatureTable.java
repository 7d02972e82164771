package io.recon.trainer.data;

import io.recon.schemas.contract.InputShape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Rows of raw feature values as read from a file, in file order.
 *
 * @param recordShape {@code features [F]} for tabular data, {@code image [C,H,W]} for images
 * @param timestamps epoch milliseconds per row, or null when the data has none
 * @param labels label per row as written in the file, or null when no label column was given
 */
public record FeatureTable(String source, List<String> featureNames, InputShape recordShape, float[][] rows,
        long[] timestamps, String[] labels, String[] keys, MissingValues missing) {

    /** What the reader did with missing values: rows left out, rows with a carried value, under which policy. */
    public record MissingValues(ReadOptions.Missing policy, int skippedRows, int carriedRows) {
        public static final MissingValues NONE = new MissingValues(ReadOptions.Missing.SKIP, 0, 0);

        public boolean any() {
            return skippedRows > 0 || carriedRows > 0;
        }
    }

    /** A table read without missing values. */
    public FeatureTable(String source, List<String> featureNames, InputShape recordShape, float[][] rows, long[] timestamps,
            String[] labels) {
        this(source, featureNames, recordShape, rows, timestamps, labels, null, MissingValues.NONE);
    }

    public FeatureTable {
        featureNames = List.copyOf(featureNames);
        missing = missing == null ? MissingValues.NONE : missing;
        if (featureNames.size() != recordShape.featuresPerRecord()) {
            throw new IllegalArgumentException("feature names do not match the record shape");
        }
        if (timestamps != null && timestamps.length != rows.length || labels != null && labels.length != rows.length
                || keys != null && keys.length != rows.length) {
            throw new IllegalArgumentException("timestamps, labels and keys need one entry per row");
        }
    }

    public int size() {
        return rows.length;
    }

    public int width() {
        return featureNames.size();
    }

    /** The rows whose index passes the filter, keeping order. */
    public FeatureTable filter(IntPredicate keep) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (keep.test(i)) {
                idx.add(i);
            }
        }
        float[][] r = new float[idx.size()][];
        long[] t = timestamps == null ? null : new long[idx.size()];
        String[] l = labels == null ? null : new String[idx.size()];
        String[] k = keys == null ? null : new String[idx.size()];
        for (int j = 0; j < idx.size(); j++) {
            int i = idx.get(j);
            r[j] = rows[i];
            if (t != null) {
                t[j] = timestamps[i];
            }
            if (l != null) {
                l[j] = labels[i];
            }
            if (k != null) {
                k[j] = keys[i];
            }
        }
        return new FeatureTable(source, featureNames, recordShape, r, t, l, k, missing);
    }

    /** True when the row's label equals {@code normal}, as text or as a number (so 0 matches 0.0). */
    public boolean isLabel(int row, String normal) {
        return labelEquals(labels[row], normal);
    }

    public static boolean labelEquals(String label, String expected) {
        if (label.equals(expected)) {
            return true;
        }
        try {
            return Double.parseDouble(label) == Double.parseDouble(expected);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
