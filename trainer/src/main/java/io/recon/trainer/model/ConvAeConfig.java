package io.recon.trainer.model;

import java.util.List;

/**
 * Convolutional autoencoder settings: stride-2 3x3 convolutions down, a dense bottleneck, and
 * stride-2 3x3 transposed convolutions up.
 *
 * @param channels channels of the encoder convolutions, e.g. 16,32
 * @param latent size of the dense bottleneck; 0 for a purely convolutional model
 * @param noiseStd training input noise (denoising); 0 for none
 * @param latentDensity score by reconstruction error plus the code's Mahalanobis distance from the
 *     training codes (needs {@code latent > 0}; see {@code LatentDensity})
 */
public record ConvAeConfig(List<Integer> channels, int latent, Activation activation, double noiseStd,
        boolean latentDensity) {
    /** Default code size: the latent density needs room to tell inputs apart (see {@code LatentDensity}). */
    public static final int DEFAULT_LATENT = 64;

    /**
     * The defaults: 16,32 channels, a 64-wide code, tanh (with relu a code unit that goes negative on
     * every input stops learning, and on MNIST digits all did within the first epoch, leaving the mean
     * image as the reconstruction), no noise, scored with the latent density.
     */
    public static ConvAeConfig defaults() {
        return new ConvAeConfig(List.of(16, 32), DEFAULT_LATENT, Activation.TANH, 0, true);
    }

    /** Scored by reconstruction error alone. */
    public ConvAeConfig(List<Integer> channels, int latent, Activation activation, double noiseStd) {
        this(channels, latent, activation, noiseStd, false);
    }

    public ConvAeConfig {
        if (channels == null || channels.isEmpty() || channels.stream().anyMatch(c -> c == null || c < 1)) {
            throw new IllegalArgumentException("conv channels must be positive integers, e.g. 16,32");
        }
        channels = List.copyOf(channels);
        if (latent < 0) {
            throw new IllegalArgumentException("latent size must be >= 0");
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is required");
        }
        if (!(noiseStd >= 0) || !Double.isFinite(noiseStd)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noiseStd);
        }
    }
}
