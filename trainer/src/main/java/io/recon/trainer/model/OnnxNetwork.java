package io.recon.trainer.model;

import io.recon.trainer.export.OnnxGraph;
import java.util.Map;

/** A trained network that can write its forward pass into an ONNX graph. */
public interface OnnxNetwork {

    /**
     * ONNX value names: the normalized reconstruction; the per-record KL divergence (variational
     * autoencoders, else null); the per-record free energy (RBMs, else null); the code [N, k] (the
     * latent mean of variational autoencoders; null where the network has no dense code).
     */
    record OnnxOut(String reconstruction, String kl, String freeEnergy, String code) {
        public OnnxOut(String reconstruction, String kl) {
            this(reconstruction, kl, null, null);
        }

        public OnnxOut(String reconstruction, String kl, String freeEnergy) {
            this(reconstruction, kl, freeEnergy, null);
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
