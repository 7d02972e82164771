package io.recon.trainer.model;

import java.util.List;

/**
 * Dense autoencoder settings.
 *
 * @param hidden encoder layer sizes, the last one is the code; the decoder mirrors them
 * @param noiseStd standard deviation of Gaussian noise added to the normalized input while
 *     training (denoising autoencoder); 0 for none
 * @param l1 weight of the L1 penalty on the code activations (sparse autoencoder); 0 for none
 * @param tiedWeights decoder layers reuse the transposed encoder weights
 */
public record DenseAeConfig(List<Integer> hidden, Activation activation, double noiseStd, double l1, boolean tiedWeights) {
    public DenseAeConfig {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
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
}
