package io.recon.bench;

import io.recon.cli.UserException;
import io.recon.schemas.contract.ModelKind;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code recon bench quality}: picks the suite and its defaults, runs it in a temporary directory. */
public final class QualityBenchmark {
    private final String suite;
    private final Path dir;
    private final String model;
    private final Integer window;
    private final Integer epochs;
    private final int seeds;
    private final double thresholdFactor;
    private final java.util.List<Integer> hidden;
    private final Double learningRate;
    private final String normalization;
    private boolean rawScores;
    private Integer latent;
    private io.recon.trainer.threshold.ThresholdCalibrator.Method threshold =
            io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.995);

    /** How each model's threshold is calibrated (default: the 0.995 quantile of held-out normal scores). */
    public QualityBenchmark threshold(io.recon.trainer.threshold.ThresholdCalibrator.Method method) {
        this.threshold = method;
        return this;
    }

    /** nab, skab: score the model's raw scores (nab: swept; skab: above the threshold) instead of serve's alerts. */
    public QualityBenchmark rawScores(boolean on) {
        this.rawScores = on;
        return this;
    }



    private Path scoresOut;

    /** nab: also write each series' rows and scores as CSV under this directory (null: don't). */
    public QualityBenchmark scoresOut(Path dir) {
        this.scoresOut = dir;
        return this;
    }

    /** Conv models: size of the dense bottleneck. */
    public QualityBenchmark latent(Integer size) {
        this.latent = size;
        return this;
    }

    public QualityBenchmark(String suite, Path dir, String model, Integer window, Integer epochs, int seeds,
            double thresholdFactor, java.util.List<Integer> hidden, Double learningRate, String normalization) {
        this.hidden = hidden;
        this.learningRate = learningRate;
        this.normalization = normalization;
        this.suite = suite;
        this.dir = dir;
        this.model = model;
        this.window = window;
        this.epochs = epochs;
        this.seeds = seeds;
        this.thresholdFactor = thresholdFactor;
    }

    public Map<String, Object> run(PrintStream out, PrintStream err) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new UserException(dir + ": not a directory");
        }
        Path work = Files.createTempDirectory("recon-quality-");
        try {
            out.printf("suite %s on %s%n", suite, dir);
            return switch (suite) {
                case "odds" -> QualitySuites.odds(dir, work, settings(ModelKind.DENSE_AE, 0, 100, 10), seeds, out, err);
                case "skab" -> QualitySuites.skab(dir, work, settings(ModelKind.DENSE_AE, 30, 60, 10), thresholdFactor, rawScores, out, err);
                case "nab" -> NabSuite.run(dir, work, settings(ModelKind.DENSE_AE, 32, 60, 10), rawScores ? "raw" : "serving", scoresOut, out, err);
                case "mnist" -> QualitySuites.mnist(dir, work, settings(ModelKind.DENSE_AE, 0, 10, 3), out, err);
                default -> throw new UserException("unknown suite '" + suite + "', expected odds, skab, nab or mnist");
            };
        } finally {
            io.recon.testkit.TempDirs.delete(work);
        }
    }

    private BenchSupport.Settings settings(ModelKind defaultKind, int defaultWindow, int defaultEpochs, int patience) {
        ModelKind kind = model == null ? defaultKind : ModelKind.fromId(model);
        return new BenchSupport.Settings(kind, window == null ? defaultWindow : window,
                epochs == null ? defaultEpochs : epochs, patience, learningRate == null ? 1e-3 : learningRate, 64, 1, hidden,
                normalization, latent == null ? io.recon.trainer.model.ConvAeConfig.DEFAULT_LATENT : latent, threshold);
    }
}
