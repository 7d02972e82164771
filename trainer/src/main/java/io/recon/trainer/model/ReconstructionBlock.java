package io.recon.trainer.model;

import ai.djl.nn.Block;
import java.util.Map;

/**
 * A DJL block that reconstructs its (normalized) input. {@code forward} returns
 * {@code [reconstruction (same shape as the input), code (the latent activations)]}, and for
 * variational models {@code [reconstruction, mu, logvar]}; in inference mode a variational model
 * decodes the latent mean, so its output is deterministic.
 */
public interface ReconstructionBlock extends Block, OnnxNetwork {

    /** True for variational autoencoders. */
    default boolean variational() {
        return false;
    }

    /** The architecture settings, recorded in the contract. */
    Map<String, String> hyperparameters();
}
