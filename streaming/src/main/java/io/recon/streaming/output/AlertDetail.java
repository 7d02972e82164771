package io.recon.streaming.output;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an alert says about its record's top features: each feature's observed value and the model's expected
 * (reconstructed) value, both in the feature's raw units, its share of the record's reconstruction error (the shares
 * of all features sum to 1) and its error (squared, in the model's normalized units). Kept with a firing key's
 * episode (the peak record's) as bytes: {@code short count}, then per feature {@code short nameLength, UTF-8 name,
 * float observed, float expected, float share, float error}.
 */
public final class AlertDetail {
    /** One top feature. */
    public record Feature(String name, float observed, float expected, float share, float error) {}

    private AlertDetail() {}

    public static byte[] encode(List<Feature> features) {
        int size = 2;
        List<byte[]> names = new ArrayList<>(features.size());
        for (Feature f : features) {
            byte[] n = f.name().getBytes(StandardCharsets.UTF_8);
            names.add(n);
            size += 2 + n.length + 16;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putShort((short) features.size());
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            b.putShort((short) names.get(i).length).put(names.get(i)).putFloat(f.observed()).putFloat(f.expected())
                    .putFloat(f.share()).putFloat(f.error());
        }
        return b.array();
    }

    /** The features of {@link #encode}'s bytes; empty for null or unreadable bytes. */
    public static List<Feature> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            return List.of();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int n = b.getShort();
            List<Feature> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] name = new byte[b.getShort()];
                b.get(name);
                out.add(new Feature(new String(name, StandardCharsets.UTF_8), b.getFloat(), b.getFloat(), b.getFloat(),
                        b.getFloat()));
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The top features of one scored record: {@code top} (indexes, largest error first, -1 ends), the record's
     * errors from {@code errorOffset}, its input from {@code inputOffset} (for windows the last row is the record)
     * and the model's reconstruction of that input ({@code reconstruction}, the same layout, raw units).
     */
    public static List<Feature> of(List<String> names, int[] top, float[] errors, int errorOffset, int features, float[] input,
            int inputOffset, int inputSize, float[] reconstruction) {
        double total = 0;
        for (int f = 0; f < features; f++) {
            total += errors[errorOffset + f];
        }
        int row = inputSize >= features ? inputSize - features : 0; // the last row of a window
        List<Feature> out = new ArrayList<>(top.length);
        for (int i = 0; i < top.length && top[i] >= 0; i++) {
            int f = top[i];
            float err = errors[errorOffset + f];
            float observed = input[inputOffset + row + f];
            float expected = reconstruction == null ? Float.NaN : reconstruction[row + f];
            out.add(new Feature(names.get(f), observed, expected, total > 0 ? (float) (err / total) : 0f, err));
        }
        return out;
    }
}
