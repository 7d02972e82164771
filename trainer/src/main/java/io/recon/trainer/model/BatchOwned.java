package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * DJL attaches an operation's result to the manager of its first operand. A view or product started
 * from a model parameter therefore lives (and holds its native memory) as long as the model, one
 * more for every batch; handing the view to the batch's manager frees it with the batch.
 */
final class BatchOwned {
    private BatchOwned() {}

    /** @return {@code parameterView}, now owned by the manager of {@code batch} */
    static NDArray view(NDArray parameterView, NDArray batch) {
        parameterView.attach(batch.getManager());
        return parameterView;
    }
}
