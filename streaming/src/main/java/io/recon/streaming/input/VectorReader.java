package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link FeatureVector} into a float slot of the inference buffer, by feature name in the model's order;
 * features the model does not use are ignored. A vector that lacks one of the model's features, or holds a value
 * beyond float range, gets a dead-letter reason and detail (as a JSON record would).
 */
public final class VectorReader {
    private final List<String> features;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean[] seen;

    public VectorReader(List<String> features) {
        this.features = List.copyOf(features);
        for (int i = 0; i < this.features.size(); i++) {
            index.put(this.features.get(i), i);
        }
        this.seen = new boolean[this.features.size()];
    }

    /** Writes feature f to {@code target[offset + f]}: usable, or a dead letter's reason; the vector's key and time. */
    public RowRead read(FeatureVector v, float[] target, int offset) {
        Arrays.fill(seen, false);
        int found = 0;
        String[] names = v.names();
        double[] values = v.values();
        for (int i = 0; i < names.length; i++) {
            Integer f = index.get(names[i]);
            if (f == null) {
                continue;
            }
            double x = values[i];
            if (!Double.isFinite(x) || Math.abs(x) > Float.MAX_VALUE) {
                return RowRead.rejected(DeadLetterReason.NON_FINITE, RecordParser.abbreviate(names[i]) + " is " + x
                        + "; values must be finite floats", null, v.key(), v.timestamp());
            }
            target[offset + f] = (float) x;
            if (!seen[f]) {
                seen[f] = true;
                found++;
            }
        }
        if (found < seen.length) {
            for (int f = 0; f < seen.length; f++) {
                if (!seen[f]) {
                    return RowRead.rejected(DeadLetterReason.MISSING_FIELD, "missing field '" + RecordParser.abbreviate(
                            features.get(f)) + "' (" + (seen.length - found) + " of " + seen.length
                            + " model features missing)", features.get(f), v.key(), v.timestamp());
                }
            }
        }
        return RowRead.usable(v.key(), v.timestamp());
    }
}
