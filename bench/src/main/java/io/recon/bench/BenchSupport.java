package io.recon.bench;

import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.model.RbmConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** What the quality suites share: writing training files, training with the suite's defaults, scoring with ONNX Runtime. */
final class BenchSupport {
    private BenchSupport() {}

    /** Settings a suite trains with. */
    record Settings(ModelKind kind, int window, int epochs, int patience, double learningRate, int batchSize, long seed,
            List<Integer> hidden, String normalization, int latent, ThresholdCalibrator.Method threshold) {
        Settings withSeed(long s) {
            return new Settings(kind, window, epochs, patience, learningRate, batchSize, s, hidden, normalization, latent,
                    threshold);
        }
    }

    static Path writeCsv(Path file, List<String> names, float[][] rows) throws IOException {
        try (var w = Files.newBufferedWriter(file)) {
            w.write(String.join(",", names));
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (float[] row : rows) {
                sb.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(row[i]);
                }
                w.write(sb.append('\n').toString());
            }
        }
        return file;
    }

    static TrainResult train(Path data, Path out, Settings s, String normalLabel) throws IOException {
        return train(data, out, s, normalLabel, null);
    }

    /** The CLI's conv defaults with the suite's code size. */
    private static ConvAeConfig convConfig(int latent) {
        ConvAeConfig d = ConvAeConfig.defaults();
        return new ConvAeConfig(d.channels(), latent, d.activation(), d.noiseStd(), d.latentDensity());
    }

    static TrainResult train(Path data, Path out, Settings s, String normalLabel, String labelColumn) throws IOException {
        boolean denseLike = s.kind() == ModelKind.DENSE_AE || s.kind() == ModelKind.VAE;
        boolean convLike = s.kind() == ModelKind.CONV_AE || s.kind() == ModelKind.CONV_VAE;
        double lr = s.kind() == ModelKind.RBM ? 0.01 : s.learningRate();
        TrainRequest r = TrainRequest.builder().setKind(s.kind()).setData(data).setOut(out)
                .setTraining(new TrainConfig(s.epochs(), s.batchSize(), lr, 0.2, s.patience(), s.seed()))
                .optRead(new ReadOptions(labelColumn, null, List.of())).optNormalLabel(normalLabel).optWindow(s.window())
                .optNormalization(s.normalization()).optModelName("bench").optModelVersion("v1")
                .optDense(denseLike ? new DenseAeConfig(s.hidden() == null ? List.of() : s.hidden(), Activation.TANH, 0, 0, false)
                        : null)
                .optConv(convLike ? convConfig(s.latent()) : null)
                .optRbm(s.kind() == ModelKind.RBM ? new RbmConfig("gaussian", 64, 1, false, "free-energy") : null)
                .optThreshold(s.threshold()).build();
        return TrainJob.run(r, ProgressListener.NONE);
    }

    static float[] score(Path model, float[][] inputs) throws Exception {
        float[] scores = new float[inputs.length];
        try (OnnxModel m = OnnxModel.load(model, ScorerOptions.defaults())) {
            for (int from = 0; from < inputs.length; from += 2048) {
                int to = Math.min(inputs.length, from + 2048);
                System.arraycopy(m.scoreAll(Arrays.copyOfRange(inputs, from, to)).score(), 0, scores, from, to - from);
            }
        }
        return scores;
    }

    static List<Path> csvFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".csv") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    static String header(Path csv) throws IOException {
        try (var r = Files.newBufferedReader(csv)) {
            String h = r.readLine();
            return h == null ? "" : h;
        }
    }

    static void status(PrintStream err, String fmt, Object... args) {
        err.printf("bench: " + fmt + "%n", args);
    }
}
