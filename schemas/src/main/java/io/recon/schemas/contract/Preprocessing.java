package io.recon.schemas.contract;

import io.recon.schemas.Checks;
import java.util.List;

/**
 * Normalization fitted on the training data and applied inside the ONNX graph:
 * {@code normalized = (raw - center) / scale}. {@code center} and {@code scale} hold one entry per
 * feature, or a single entry applied to every input value (images).
 *
 * @param method {@code standard} (mean / std), {@code minmax} (min / range) or {@code global}
 *     (one center and scale for all values)
 */
public record Preprocessing(String method, List<Double> center, List<Double> scale) {
    public static final List<String> METHODS = List.of("standard", "minmax", "global");

    public Preprocessing {
        Checks.require(METHODS.contains(method), "preprocessing.method must be one of " + METHODS + ", got " + method);
        center = Checks.nonEmptyList(center, "preprocessing.center");
        scale = Checks.nonEmptyList(scale, "preprocessing.scale");
        Checks.require(center.size() == scale.size(), "preprocessing.center and preprocessing.scale differ in length");
        for (int i = 0; i < center.size(); i++) {
            Checks.finite(center.get(i), "preprocessing.center[" + i + "]");
            Checks.require(Double.isFinite(scale.get(i)) && scale.get(i) > 0,
                    "preprocessing.scale[" + i + "] must be finite and positive, got " + scale.get(i));
        }
    }

    public float[] centerArray() {
        return toFloats(center);
    }

    public float[] scaleArray() {
        return toFloats(scale);
    }

    private static float[] toFloats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
