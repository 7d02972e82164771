package io.recon.trainer;

import io.recon.schemas.contract.ModelKind;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;

/** Small training requests for tests. */
final class Requests {
    private Requests() {}

    static TrainRequest dense(Path data, Path out, DenseAeConfig cfg, int window, int epochs, String label) {
        return new TrainRequest(ModelKind.DENSE_AE, data, new ReadOptions(label == null ? null : "label", null, List.of()),
                label, window, out, null, "test", "v1", cfg, null, new TrainConfig(epochs, 64, 3e-3, 0.2, 50, 7), io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.995));
    }

    static TrainRequest conv(Path data, Path out, ConvAeConfig cfg, int window, int epochs, String normalLabel,
            String labelColumn) {
        return new TrainRequest(ModelKind.CONV_AE, data, new ReadOptions(labelColumn, null, List.of()), normalLabel, window,
                out, null, "test", "v1", null, cfg, new TrainConfig(epochs, 32, 3e-3, 0.2, 50, 7), io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.995));
    }

    static TrainRequest vae(Path data, Path out, DenseAeConfig cfg, int window, int epochs, String label, double beta) {
        return new TrainRequest(ModelKind.VAE, data, new ReadOptions(label == null ? null : "label", null, List.of()), label,
                window, out, null, "test", "v1", cfg, null, null, beta, new TrainConfig(epochs, 64, 3e-3, 0.2, 50, 7),
                io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.995));
    }

    static TrainRequest convVae(Path data, Path out, ConvAeConfig cfg, int epochs, String normalLabel) {
        return new TrainRequest(ModelKind.CONV_VAE, data, ReadOptions.defaults(), normalLabel, 0, out, null, "test", "v1",
                null, cfg, null, 1.0, new TrainConfig(epochs, 32, 3e-3, 0.2, 50, 7),
                io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.995));
    }

    static TrainRequest rbm(Path data, Path out, io.recon.trainer.model.RbmConfig cfg, int epochs) {
        return rbm(data, out, cfg, epochs, null);
    }

    static TrainRequest rbm(Path data, Path out, io.recon.trainer.model.RbmConfig cfg, int epochs, String label) {
        boolean idx = java.nio.file.Files.isDirectory(data) || data.toString().contains("idx3");
        return new TrainRequest(ModelKind.RBM, data, new ReadOptions(label == null || idx ? null : "label", null, List.of()),
                label,
                0, out, null, "test", "v1", null, null, cfg, 1.0,
                new TrainConfig(epochs, 64, cfg.visible().equals("gaussian") ? 0.01 : 0.05, 0.2, 50, 7),
                io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.995));
    }

    static DenseAeConfig plain() {
        return new DenseAeConfig(List.of(16, 3), Activation.TANH, 0, 0, false);
    }
}
