package io.recon.trainer.model;

import ai.djl.nn.Block;
import io.recon.trainer.export.OnnxGraph;
import java.util.Map;

/**
 * A DJL block that reconstructs its (normalized) input. {@code forward} returns
 * {@code [reconstruction (same shape as the input), code (the latent activations)]}.
 */
public interface ReconstructionBlock extends Block {

    /**
     * Appends this block's trained forward pass to an ONNX graph.
     *
     * @param normalizedInput name of the normalized input, shape [N, input dims...]
     * @return name of the normalized reconstruction, same shape
     */
    String toOnnx(OnnxGraph graph, String normalizedInput);

    /** The architecture settings, recorded in the contract. */
    Map<String, String> hyperparameters();
}
