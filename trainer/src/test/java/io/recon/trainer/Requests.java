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
        return base(ModelKind.DENSE_AE, data, out, new TrainConfig(epochs, 64, 3e-3, 0.2, 50, 7))
                .optRead(new ReadOptions(label == null ? null : "label", null, List.of())).optNormalLabel(label)
                .optWindow(window).optDense(cfg).build();
    }

    static TrainRequest conv(Path data, Path out, ConvAeConfig cfg, int window, int epochs, String normalLabel,
            String labelColumn) {
        return base(ModelKind.CONV_AE, data, out, new TrainConfig(epochs, 32, 3e-3, 0.2, 50, 7))
                .optRead(new ReadOptions(labelColumn, null, List.of())).optNormalLabel(normalLabel).optWindow(window)
                .optConv(cfg).build();
    }

    static TrainRequest vae(Path data, Path out, DenseAeConfig cfg, int window, int epochs, String label, double beta) {
        return base(ModelKind.VAE, data, out, new TrainConfig(epochs, 64, 3e-3, 0.2, 50, 7))
                .optRead(new ReadOptions(label == null ? null : "label", null, List.of())).optNormalLabel(label)
                .optWindow(window).optDense(cfg).optBeta(beta).build();
    }

    static TrainRequest convVae(Path data, Path out, ConvAeConfig cfg, int epochs, String normalLabel) {
        return base(ModelKind.CONV_VAE, data, out, new TrainConfig(epochs, 32, 3e-3, 0.2, 50, 7)).optNormalLabel(normalLabel)
                .optConv(cfg).build();
    }

    static TrainRequest rbm(Path data, Path out, io.recon.trainer.model.RbmConfig cfg, int epochs) {
        return rbm(data, out, cfg, epochs, null);
    }

    static TrainRequest rbm(Path data, Path out, io.recon.trainer.model.RbmConfig cfg, int epochs, String label) {
        boolean idx = java.nio.file.Files.isDirectory(data) || data.toString().contains("idx3");
        return base(ModelKind.RBM, data, out, new TrainConfig(epochs, 64, cfg.visible().equals("gaussian") ? 0.01 : 0.05, 0.2,
                50, 7)).optRead(new ReadOptions(label == null || idx ? null : "label", null, List.of())).optNormalLabel(label)
                .optRbm(cfg).build();
    }

    private static TrainRequest.Builder base(ModelKind kind, Path data, Path out, TrainConfig training) {
        return TrainRequest.builder().setKind(kind).setData(data).setOut(out).setTraining(training).optModelName("test")
                .optModelVersion("v1");
    }

    static DenseAeConfig plain() {
        return new DenseAeConfig(List.of(16, 3), Activation.TANH, 0, 0, false);
    }
}
