package io.recon.trainer;

import io.recon.schemas.contract.ModelKind;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.model.RbmConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
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
 * @param rbm settings of a restricted Boltzmann machine ({@code rbm})
 * @param beta weight of the KL term of variational autoencoders ({@code vae}, {@code conv-vae})
 * @param threshold how the alert threshold is calibrated on held-out normal scores
 */
public record TrainRequest(ModelKind kind, Path data, ReadOptions read, String normalLabel, int window, Path out,
        String normalization, String modelName, String modelVersion, DenseAeConfig dense, ConvAeConfig conv,
        RbmConfig rbm, double beta, TrainConfig training, ThresholdCalibrator.Method threshold) {

    /** An autoencoder request (no RBM settings, beta 1). */
    public TrainRequest(ModelKind kind, Path data, ReadOptions read, String normalLabel, int window, Path out,
            String normalization, String modelName, String modelVersion, DenseAeConfig dense, ConvAeConfig conv,
            TrainConfig training, ThresholdCalibrator.Method threshold) {
        this(kind, data, read, normalLabel, window, out, normalization, modelName, modelVersion, dense, conv, null, 1.0,
                training, threshold);
    }

    public TrainRequest {
        if (kind == null || data == null || out == null || read == null || training == null) {
            throw new IllegalArgumentException("kind, data, read options, training settings and out are required");
        }
        boolean denseKind = kind == ModelKind.DENSE_AE || kind == ModelKind.VAE;
        boolean convKind = kind == ModelKind.CONV_AE || kind == ModelKind.CONV_VAE;
        if (denseKind && dense == null || convKind && conv == null || kind == ModelKind.RBM && rbm == null) {
            throw new IllegalArgumentException("settings for " + kind + " are missing");
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("--beta must be a finite number >= 0, got " + beta);
        }
        if (window < 0 || window == 1) {
            throw new IllegalArgumentException("--window must be at least 2 (or 0 for single records), got " + window);
        }
        if (threshold == null) {
            throw new IllegalArgumentException("a threshold method is required");
        }
    }
}
