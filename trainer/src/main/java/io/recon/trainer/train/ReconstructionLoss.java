package io.recon.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/** Mean squared reconstruction error, plus {@code l1 * mean|code|} for sparse autoencoders. */
final class ReconstructionLoss extends Loss {
    private final double l1;

    ReconstructionLoss(double l1) {
        super("reconstruction");
        this.l1 = l1;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray mse = predictions.get(0).sub(labels.get(0)).square().mean();
        if (l1 > 0) {
            mse = mse.add(predictions.get(1).abs().mean().mul((float) l1));
        }
        return mse;
    }
}
