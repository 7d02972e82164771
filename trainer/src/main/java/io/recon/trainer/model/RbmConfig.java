package io.recon.trainer.model;

/**
 * Restricted Boltzmann machine settings.
 *
 * @param visible {@code bernoulli} (data scaled to [0,1]) or {@code gaussian} (standardized data, unit variance)
 * @param hidden number of hidden units
 * @param k Gibbs steps per update (CD-k / PCD-k)
 * @param persistent persistent contrastive divergence: the negative chain carries over between updates
 * @param score {@code free-energy} or {@code reconstruction} (mean-field reconstruction error)
 */
public record RbmConfig(String visible, int hidden, int k, boolean persistent, String score) {
    public RbmConfig {
        if (!"bernoulli".equals(visible) && !"gaussian".equals(visible)) {
            throw new IllegalArgumentException("--visible must be bernoulli or gaussian, got " + visible);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("--rbm-hidden must be >= 1");
        }
        if (k < 1) {
            throw new IllegalArgumentException("--cd-k must be >= 1");
        }
        if (!"free-energy".equals(score) && !"reconstruction".equals(score)) {
            throw new IllegalArgumentException("--rbm-score must be free-energy or reconstruction, got " + score);
        }
    }
}
