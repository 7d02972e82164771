package io.recon.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.recon.trainer.model.BatchOwned;

/**
 * Mean squared reconstruction error, plus {@code l1 * mean|code|} for sparse autoencoders, plus for
 * variational ones {@code beta * KL / D} (the KL divergence of the code per record, over the input
 * size D, so that both terms are per input value).
 */
final class ReconstructionLoss extends Loss {
    private final double l1;
    private final double beta;
    private final int inputSize;

    ReconstructionLoss(double l1, double beta, int inputSize) {
        super("reconstruction");
        this.l1 = l1;
        this.beta = beta;
        this.inputSize = inputSize;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray mse = predictions.get(0).sub(labels.get(0)).square().mean();
        if (predictions.size() == 3) {
            NDArray mu = predictions.get(1);
            NDArray lv = predictions.get(2);
            NDArray kl = BatchOwned.times(lv.add(1f).sub(mu.square()).sub(lv.exp()).sum(new int[] {1}), -0.5f).mean();
            mse = mse.add(BatchOwned.times(kl, (float) (beta / inputSize)));
        } else if (l1 > 0) {
            mse = mse.add(BatchOwned.times(predictions.get(1).abs().mean(), (float) l1));
        }
        return mse;
    }
}
