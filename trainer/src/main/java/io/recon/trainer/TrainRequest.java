package io.recon.trainer;

import io.recon.schemas.contract.InputSpec;
import io.recon.schemas.contract.ModelKind;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.model.RbmConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Path;

/**
 * Everything one training run needs. Build one with {@link #builder()}: {@code setX} for what every run
 * needs (kind, data, output directory, training settings), {@code optX} for the rest, as DJL does.
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
 * @param table the rows, already read (from a topic); null reads {@code data}, which otherwise only names them
 * @param input how the rows were made from records of a shipper format (kept in the contract); null for tables
 */
public record TrainRequest(ModelKind kind, Path data, ReadOptions read, String normalLabel, int window, Path out,
        String normalization, String modelName, String modelVersion, DenseAeConfig dense, ConvAeConfig conv,
        RbmConfig rbm, double beta, TrainConfig training, ThresholdCalibrator.Method threshold, FeatureTable table,
        InputSpec input) {

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

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainRequest}; defaults: all rows, single records, default normalization, beta 1, quantile 0.995. */
    public static final class Builder {
        private ModelKind kind;
        private Path data;
        private Path out;
        private TrainConfig training;
        private ReadOptions read = ReadOptions.defaults();
        private String normalLabel;
        private int window;
        private String normalization;
        private String modelName;
        private String modelVersion;
        private DenseAeConfig dense;
        private ConvAeConfig conv;
        private RbmConfig rbm;
        private double beta = 1.0;
        private ThresholdCalibrator.Method threshold = ThresholdCalibrator.Method.quantile(0.995);
        private FeatureTable table;
        private InputSpec input;

        private Builder() {}

        public Builder setKind(ModelKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder setData(Path data) {
            this.data = data;
            return this;
        }

        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        public Builder setTraining(TrainConfig training) {
            this.training = training;
            return this;
        }

        public Builder optRead(ReadOptions read) {
            this.read = read;
            return this;
        }

        /** Train on rows with this label only (needs a label column in {@link #optRead}). */
        public Builder optNormalLabel(String normalLabel) {
            this.normalLabel = normalLabel;
            return this;
        }

        /** Sliding window length for time series (0: single records). */
        public Builder optWindow(int window) {
            this.window = window;
            return this;
        }

        public Builder optNormalization(String normalization) {
            this.normalization = normalization;
            return this;
        }

        public Builder optModelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        public Builder optModelVersion(String modelVersion) {
            this.modelVersion = modelVersion;
            return this;
        }

        /** Settings of dense models ({@code dense-ae}, {@code vae}). */
        public Builder optDense(DenseAeConfig dense) {
            this.dense = dense;
            return this;
        }

        /** Settings of convolutional models ({@code conv-ae}, {@code conv-vae}). */
        public Builder optConv(ConvAeConfig conv) {
            this.conv = conv;
            return this;
        }

        public Builder optRbm(RbmConfig rbm) {
            this.rbm = rbm;
            return this;
        }

        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        public Builder optThreshold(ThresholdCalibrator.Method threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Rows already read (from a topic, by the command line); {@link #setData} then only names them. */
        public Builder optTable(FeatureTable table) {
            this.table = table;
            return this;
        }

        /** How the rows were made from records of a shipper format: recorded in the contract for serve and retrain. */
        public Builder optInput(InputSpec input) {
            this.input = input;
            return this;
        }

        /** @throws IllegalArgumentException when something required is missing or a value is out of range */
        public TrainRequest build() {
            return new TrainRequest(kind, data, read, normalLabel, window, out, normalization, modelName, modelVersion, dense,
                    conv, rbm, beta, training, threshold, table, input);
        }
    }
}
