package io.recon.trainer.model;

import java.util.List;

/**
 * Convolutional autoencoder settings: stride-2 3x3 convolutions down, a dense bottleneck, and
 * stride-2 3x3 transposed convolutions up.
 *
 * @param channels channels of the encoder convolutions, e.g. 16,32
 * @param latent size of the dense bottleneck; 0 for a purely convolutional model
 * @param noiseStd training input noise (denoising); 0 for none
 */
public record ConvAeConfig(List<Integer> channels, int latent, Activation activation, double noiseStd) {
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
