package io.recon.trainer.train;

import java.util.List;

/** Loss per epoch; {@code bestEpoch} (1-based) is the epoch whose parameters were kept. */
public record TrainHistory(List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, boolean stoppedEarly) {
    public TrainHistory {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
    }

    public int epochsRun() {
        return trainLoss.size();
    }

    public double bestValidationLoss() {
        return validationLoss.get(bestEpoch - 1);
    }
}
