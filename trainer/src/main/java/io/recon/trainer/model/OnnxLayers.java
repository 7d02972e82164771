package io.recon.trainer.model;

import io.recon.trainer.export.OnnxGraph;
import java.util.List;
import java.util.Map;

/** ONNX spellings of the layers the blocks use. */
final class OnnxLayers {
    private OnnxLayers() {}

    /**
     * Splits {@code [mu | logvar]} (width 2k) into the latent mean, which the decoder uses, and the
     * per-record KL divergence from the standard normal prior, {@code -0.5 * sum(1 + lv - mu^2 - e^lv)}.
     *
     * @return {mu, kl}
     */
    static String[] gaussianLatent(OnnxGraph g, String h, int k) {
        String mu = g.op("Slice", h, g.longs("starts", 0), g.longs("ends", k), g.longs("axes", 1));
        String lv = g.op("Slice", h, g.longs("starts", k), g.longs("ends", 2L * k), g.longs("axes", 1));
        String one = g.floats("one", new float[] {1f}, 1);
        String inner = g.op("Sub", g.op("Sub", g.op("Add", one, lv), g.op("Mul", mu, mu)), g.op("Exp", lv));
        String sum = g.op("ReduceSum", List.of(inner, g.longs("axes", 1)), Map.of("keepdims", 0));
        String kl = g.op("Mul", sum, g.floats("minus_half", new float[] {-0.5f}, 1));
        return new String[] {mu, kl};
    }

    static String activation(OnnxGraph g, Activation a, String x) {
        if (a == Activation.LEAKY_RELU) {
            return g.op("LeakyRelu", List.of(x), Map.of("alpha", Activation.LEAKY_SLOPE));
        }
        return g.op(a.onnxOp(), x);
    }
}
