package io.recon.trainer;

import io.recon.schemas.contract.ModelContract;
import io.recon.trainer.train.TrainHistory;
import java.nio.file.Path;

/**
 * What a training run produced.
 *
 * @param validationScores scores of the held-out normal rows (DJL forward pass), used for the threshold
 */
public record TrainResult(ModelContract contract, Path modelFile, Path contractFile, TrainHistory history,
        float[] validationScores, String device, double seconds) {}
