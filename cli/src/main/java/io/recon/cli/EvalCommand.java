package io.recon.cli;

import io.recon.cli.eval.Evaluation;
import io.recon.cli.plot.Plots;
import io.recon.schemas.Json;
import io.recon.trainer.eval.DetectionMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score labelled data with a trained model and measure detection quality.",
                "",
                "Prints a table and, as the last stdout line, JSON with data (the file read), auroc, auprc, "
                        + "best_f1, f1_at_threshold, precision, recall, far, mar, n, anomalies. Writes PNG plots next to "
                        + "the model: the score histogram with the threshold, the ROC curve, and the training loss curve. "
                        + "An MNIST-style directory (train-* and t10k-* IDX files) is evaluated on its t10k (test) images; "
                        + "the data line says which file was read.",
                ""})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Labelled data (CSV, JSON lines, IDX file, or an IDX directory: its t10k test images).")
    Path data;

    @picocli.CommandLine.Mixin
    ColumnOptions columns = new ColumnOptions();

    @Option(names = "--normal-label", paramLabel = "V", description = "The normal label (default: the model's, else 0); every other label is an anomaly.")
    String normalLabel;

    @Option(names = "--no-plots", description = "Do not write PNG plots.")
    boolean noPlots;

    @Override
    public Integer call() throws Exception {
        Evaluation.Result r = Evaluation.run(model, data, columns.labelColumn, normalLabel, columns::read);
        DetectionMetrics m = r.metrics();
        System.out.printf("model       %s %s version %s, threshold %.6g (%s)%n", r.contract().kind(), r.contract().modelName(),
                r.contract().modelVersion(), m.threshold(), r.contract().threshold().method());
        System.out.printf("data        %s: %,d inputs, %,d anomalous (%.1f %%)%n", r.source(), m.n(), m.anomalies(),
                100.0 * m.anomalies() / m.n());
        System.out.println();
        System.out.printf("  %-22s %8.4f%n", "AUROC", m.auroc());
        System.out.printf("  %-22s %8.4f%n", "AUPRC", m.auprc());
        System.out.printf("  %-22s %8.4f   (at score %.6g)%n", "best F1", m.bestF1(), m.bestF1Threshold());
        System.out.printf("  %-22s %8.4f%n", "F1 at the threshold", m.f1());
        System.out.printf("  %-22s %8.4f%n", "precision", m.precision());
        System.out.printf("  %-22s %8.4f%n", "recall", m.recall());
        System.out.printf("  %-22s %8.4f%n", "false-alarm rate", m.far());
        System.out.printf("  %-22s %8.4f%n", "missed-alarm rate", m.mar());
        if (!noPlots) {
            var plots = Plots.present(Plots.histogram(model, r.scores(), r.anomalous(), m.threshold()),
                    Plots.roc(model, r.scores(), r.anomalous(), m.auroc()), Plots.loss(model));
            System.out.println();
            plots.forEach(p -> System.out.println("plot        " + p));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", r.source());
        json.put("auroc", round(m.auroc()));
        json.put("auprc", round(m.auprc()));
        json.put("best_f1", round(m.bestF1()));
        json.put("f1_at_threshold", round(m.f1()));
        json.put("precision", round(m.precision()));
        json.put("recall", round(m.recall()));
        json.put("far", round(m.far()));
        json.put("mar", round(m.mar()));
        json.put("n", m.n());
        json.put("anomalies", m.anomalies());
        json.put("threshold", m.threshold());
        System.out.println(Json.mapper().writeValueAsString(json));
        return 0;
    }

    static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : null;
    }
}
