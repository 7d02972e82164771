package io.recon.cli.plot;

import io.recon.schemas.Json;
import io.recon.trainer.eval.DetectionMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The plots Recon writes next to a model. */
public final class Plots {
    public static final String LOSS = "training-loss.png";
    public static final String HISTOGRAM = "eval-score-histogram.png";
    public static final String ROC = "eval-roc.png";

    private Plots() {}

    /** Training and validation loss per epoch from training-history.json; null when there is none. */
    public static Path loss(Path modelDir) throws IOException {
        Path history = modelDir.resolve("training-history.json");
        if (!Files.exists(history)) {
            return null;
        }
        var json = Json.mapper().readTree(history.toFile());
        double[] train = values(json.get("train_loss"));
        double[] val = values(json.get("validation_loss"));
        double[] epochs = new double[train.length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        Path out = modelDir.resolve(LOSS);
        new Chart("Training loss", "epoch", "loss").line("training", epochs, train).line("validation", epochs, val)
                .marker("best epoch " + json.get("best_epoch").asInt(), json.get("best_epoch").asInt()).write(out);
        return out;
    }

    private static double[] values(com.fasterxml.jackson.databind.JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /** Histogram of log10(score) for normal and anomalous inputs, with the threshold. */
    public static Path histogram(Path dir, float[] scores, boolean[] anomalous, double threshold) throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float s : scores) {
            double l = Math.log10(Math.max(s, 1e-12));
            lo = Math.min(lo, l);
            hi = Math.max(hi, l);
        }
        double t = Math.log10(Math.max(threshold, 1e-12));
        lo = Math.min(lo, t);
        hi = Math.max(hi, t) + 1e-9;
        int bins = 60;
        double[] centers = new double[bins];
        double[] normal = new double[bins];
        double[] anomaly = new double[bins];
        int nNormal = 0;
        int nAnomaly = 0;
        for (int i = 0; i < scores.length; i++) {
            int b = (int) Math.min(bins - 1, (Math.log10(Math.max(scores[i], 1e-12)) - lo) / (hi - lo) * bins);
            if (anomalous[i]) {
                anomaly[b]++;
                nAnomaly++;
            } else {
                normal[b]++;
                nNormal++;
            }
        }
        for (int b = 0; b < bins; b++) {
            centers[b] = lo + (b + 0.5) * (hi - lo) / bins;
            normal[b] /= Math.max(1, nNormal);
            anomaly[b] /= Math.max(1, nAnomaly);
        }
        Path out = dir.resolve(HISTOGRAM);
        new Chart("Score distribution", "log10(score)", "share of inputs").line("normal (" + nNormal + ")", centers, normal)
                .line("anomalous (" + nAnomaly + ")", centers, anomaly).marker("threshold " + Chart.fmt(threshold), t).write(out);
        return out;
    }

    public static Path roc(Path dir, float[] scores, boolean[] anomalous, double auroc) throws IOException {
        double[][] pts = DetectionMetrics.roc(scores, anomalous);
        double[] x = new double[pts.length];
        double[] y = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            x[i] = pts[i][0];
            y[i] = pts[i][1];
        }
        Path out = dir.resolve(ROC);
        new Chart("ROC curve", "false-positive rate", "true-positive rate").range(0, 1, 0, 1)
                .line(String.format("model (AUROC %.3f)", auroc), x, y).line("chance", new double[] {0, 1}, new double[] {0, 1})
                .write(out);
        return out;
    }

    public static List<Path> present(Path... paths) {
        return java.util.Arrays.stream(paths).filter(java.util.Objects::nonNull).toList();
    }
}
