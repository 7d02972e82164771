package io.recon.trainer.train;

/** Receives training progress; the CLI draws a progress bar from it. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {};

    default void onBatch(int epoch, int epochs, int batch, int batches, double loss) {}

    default void onEpoch(EpochStats stats) {}

    default void onMessage(String message) {}

    /** Losses after one epoch: mean training loss and validation reconstruction error. */
    record EpochStats(int epoch, int epochs, double trainLoss, double validationLoss, boolean improved, double seconds) {}
}
