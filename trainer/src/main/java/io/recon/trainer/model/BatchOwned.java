package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * Native arrays whose lifetime must be the batch's, in two places where DJL's own choice is wrong
 * for training.
 */
public final class BatchOwned {
    private BatchOwned() {}

    /**
     * DJL attaches an operation's result to the manager of its first operand. A view or product
     * started from a model parameter therefore lives (and holds its native memory) as long as the
     * model, one more for every batch; handing the view to the batch's manager frees it with the batch.
     *
     * @return {@code parameterView}, now owned by the manager of {@code batch}
     */
    static NDArray view(NDArray parameterView, NDArray batch) {
        parameterView.attach(batch.getManager());
        return parameterView;
    }

    /**
     * {@code x * c} for the autograd graph. DJL's {@code NDArray.mul(Number)} wraps {@code c} in a
     * one-element tensor over a Java direct buffer (no copy) and closes it at once; PyTorch keeps that
     * tensor for the backward pass ({@code d(x c)/dx = c}), and when the garbage collector frees the
     * buffer first, the gradient is multiplied by whatever then lies in that memory. Variational
     * models drifted apart now and then this way (more often with a small heap). Here the scalar
     * belongs to {@code x}'s manager, the batch, and outlives the backward pass.
     */
    public static NDArray times(NDArray x, float c) {
        return x.mul(x.getManager().create(c));
    }
}
