package io.recon.trainer.model;

import io.recon.trainer.export.OnnxGraph;
import java.util.List;
import java.util.Map;

/** ONNX spellings of the layers the blocks use. */
final class OnnxLayers {
    private OnnxLayers() {}

    static String activation(OnnxGraph g, Activation a, String x) {
        if (a == Activation.LEAKY_RELU) {
            return g.op("LeakyRelu", List.of(x), Map.of("alpha", Activation.LEAKY_SLOPE));
        }
        return g.op(a.onnxOp(), x);
    }
}
