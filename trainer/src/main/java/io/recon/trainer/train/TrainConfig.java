package io.recon.trainer.train;

/**
 * Optimisation settings.
 *
 * @param validationFraction share of the normal rows held out for early stopping and the threshold
 * @param patience epochs without a validation improvement before stopping early
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double validationFraction, int patience, long seed) {
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be between 0 and 1, got " + validationFraction);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
    }
}
