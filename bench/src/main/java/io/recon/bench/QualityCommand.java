package io.recon.bench;

import io.recon.schemas.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quality", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detection quality on labelled data, by each suite's published protocol (see "
                        + "docs/BENCHMARKS.md).",
                "",
                "odds: CSV files with a label column; skab: ';'-CSV files with an anomaly column; nab: "
                        + "DIR/data/**/*.csv with DIR/labels/combined_windows.json; mnist: the IDX files. Prints per-file "
                        + "and aggregate results; the last stdout line is a JSON summary.",
                ""})
final class QualityCommand implements Callable<Integer> {
    @Option(names = "--suite", required = true, paramLabel = "SUITE", description = "odds, skab, nab or mnist.")
    String suite;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Directory in the suite's layout.")
    Path dataDir;

    @Option(names = "--model", paramLabel = "KIND", description = "Model kind (default dense-ae, the same for every suite).")
    String model;

    @Option(names = "--window", paramLabel = "W", description = "Window for skab and nab (default: skab 30, nab 32).")
    Integer window;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: odds 100, skab 60, nab 60, mnist 10).")
    Integer epochs;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5", description = "odds: seeds to average over (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--threshold-factor", paramLabel = "F", defaultValue = "1.0",
            description = "skab: alarm above F x the model's calibrated threshold (default ${DEFAULT-VALUE}).")
    double thresholdFactor;

    @Option(names = "--hidden", paramLabel = "H1,H2", split = ",", description = "dense models: layer sizes (default: from the input size).")
    java.util.List<Integer> hidden;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Learning rate (default 0.001).")
    Double learningRate;

    @Option(names = "--normalize", paramLabel = "METHOD", description = "standard, minmax or global (default: standard; global for images).")
    String normalize;

    @Option(names = "--latent", paramLabel = "N", description = "conv models: size of the dense code (default 64).")
    Integer latent;

    @Option(names = "--raw-scores", description = "nab, skab: score the model's raw scores (nab: a threshold swept; skab: "
            + "above --threshold-factor x the model's threshold) instead of the alerts recon serve would raise.")
    boolean rawScores;

    @Option(names = "--scores-out", paramLabel = "DIR", description = "nab: also write each series' rows with their "
            + "score, threshold and what recon serve makes of them at its defaults (calibrated, alerting, fired), one CSV per series under DIR.")
    java.nio.file.Path scoresOut;

    @Option(names = "--threshold", paramLabel = "METHOD", defaultValue = "quantile",
            description = "Threshold calibration: quantile, meanstd or pot (default ${DEFAULT-VALUE}).")
    String thresholdMethod;

    @Option(names = "--threshold-quantile", paramLabel = "Q", defaultValue = "0.995", description = "quantile: Q (default ${DEFAULT-VALUE}).")
    double thresholdQuantile;

    @Option(names = "--threshold-far", paramLabel = "P", defaultValue = "0.001", description = "pot: target false-alarm rate (default ${DEFAULT-VALUE}).")
    double thresholdFar;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> r = new QualityBenchmark(suite, dataDir, model, window, epochs, seeds, thresholdFactor, hidden,
                learningRate, normalize).rawScores(rawScores).latent(latent).scoresOut(scoresOut).threshold(new io.recon.trainer.threshold.ThresholdCalibrator
                        .Method(thresholdMethod, thresholdQuantile, 3, thresholdFar, 0.95)).run(System.out, System.err);
        System.out.println(Json.mapper().writeValueAsString(r));
        return 0;
    }
}
