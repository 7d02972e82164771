package io.recon.trainer;

import io.recon.schemas.contract.ModelKind;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Path;

/**
 * Everything one training run needs.
 *
 * @param normalLabel train on rows with this label only (needs labels); null for all rows
 * @param window sliding window length W for time series; 0 for single records
 * @param normalization {@code standard}, {@code minmax} or {@code global}; null picks standard for
 *     records and windows, global for images
 * @param modelName null derives it from the data file name
 * @param modelVersion null uses the UTC creation time
 * @param thresholdQuantile quantile of held-out normal scores used as the alert threshold
 */
public record TrainRequest(ModelKind kind, Path data, ReadOptions read, String normalLabel, int window, Path out,
        String normalization, String modelName, String modelVersion, DenseAeConfig dense, ConvAeConfig conv,
        TrainConfig training, double thresholdQuantile) {

    public TrainRequest {
        if (kind == null || data == null || out == null || read == null || training == null) {
            throw new IllegalArgumentException("kind, data, read options, training settings and out are required");
        }
        if (kind != ModelKind.DENSE_AE && kind != ModelKind.CONV_AE) {
            throw new IllegalArgumentException("model kind " + kind + " is not trainable yet; use dense-ae or conv-ae");
        }
        if (kind == ModelKind.DENSE_AE && dense == null || kind == ModelKind.CONV_AE && conv == null) {
            throw new IllegalArgumentException("settings for " + kind + " are missing");
        }
        if (window < 0 || window == 1) {
            throw new IllegalArgumentException("--window must be at least 2 (or 0 for single records), got " + window);
        }
        if (!(thresholdQuantile > 0 && thresholdQuantile < 1)) {
            throw new IllegalArgumentException("threshold quantile must be between 0 and 1, got " + thresholdQuantile);
        }
    }
}
