package io.recon.trainer.model;

import java.util.List;

/**
 * Dense autoencoder settings.
 *
 * @param hidden encoder layer sizes, the last one is the code; the decoder mirrors them; empty picks
 *     sizes from the input size ({@link #layersFor})
 * @param noiseStd standard deviation of Gaussian noise added to the normalized input while
 *     training (denoising autoencoder); 0 for none
 * @param l1 weight of the L1 penalty on the code activations (sparse autoencoder); 0 for none
 * @param tiedWeights decoder layers reuse the transposed encoder weights
 */
public record DenseAeConfig(List<Integer> hidden, Activation activation, double noiseStd, double l1, boolean tiedWeights) {
    public DenseAeConfig {
        hidden = hidden == null ? List.of() : hidden;
        if (hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException("hidden layer sizes must be positive integers, e.g. 32,8");
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("activation is required");
        }
        if (!(noiseStd >= 0) || !Double.isFinite(noiseStd)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noiseStd);
        }
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new IllegalArgumentException("l1 must be a finite number >= 0, got " + l1);
        }
    }

    /**
     * The configured layer sizes, or for an input of {@code d} values: one wide layer (2d, between 32
     * and 128) and a narrow code (d/5, between 4 (or d - 1) and 16).
     */
    public List<Integer> layersFor(int d) {
        if (!hidden.isEmpty()) {
            return hidden;
        }
        return List.of(Math.min(128, Math.max(32, 2 * d)), Math.max(Math.min(4, d - 1), Math.min(16, Math.round(d / 5f))));
    }
}
