package io.recon.trainer.model;

import io.recon.trainer.export.OnnxGraph;
import java.util.Map;

/** A trained network that can write its forward pass into an ONNX graph. */
public interface OnnxNetwork {

    /**
     * ONNX value names: the normalized reconstruction; the per-record KL divergence (variational
     * autoencoders, else null); the per-record free energy (RBMs, else null).
     */
    record OnnxOut(String reconstruction, String kl, String freeEnergy) {
        public OnnxOut(String reconstruction, String kl) {
            this(reconstruction, kl, null);
        }
    }

    /**
     * Appends the trained forward pass to an ONNX graph.
     *
     * @param normalizedInput name of the normalized input, shape [N, input dims...]
     */
    OnnxOut toOnnx(OnnxGraph graph, String normalizedInput);

    /** The architecture settings, recorded in the contract. */
    Map<String, String> hyperparameters();
}
