package io.recon.trainer;

import io.recon.schemas.contract.FeatureErrorStats;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.Preprocessing;
import io.recon.schemas.contract.ScoreDefinition;
import io.recon.schemas.contract.ScoreReference;
import io.recon.schemas.contract.Threshold;
import io.recon.schemas.contract.TrainingSummary;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.Timestamps;
import io.recon.trainer.export.OnnxExporter;
import io.recon.trainer.model.OnnxNetwork;
import io.recon.trainer.threshold.ThresholdCalibrator;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the model contract of a training run. */
final class ContractFactory {
    private ContractFactory() {}

    /** Mean and standard deviation of each feature's squared error over the held-out rows (null for images). */
    static FeatureErrorStats errorStats(InputShape shape, float[][] normalized, float[][] reconstructions) {
        if (shape.layout() == InputShape.Layout.IMAGE) {
            return null;
        }
        int features = shape.featuresPerRecord();
        double[] sum = new double[features];
        double[] sq = new double[features];
        int perRow = normalized[0].length / features;
        for (int i = 0; i < normalized.length; i++) {
            double[] row = new double[features];
            for (int k = 0; k < normalized[i].length; k++) {
                double d = normalized[i][k] - reconstructions[i][k];
                row[k % features] += d * d / perRow;
            }
            for (int f = 0; f < features; f++) {
                sum[f] += row[f];
                sq[f] += row[f] * row[f];
            }
        }
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            double m = sum[f] / normalized.length;
            mean.add(m);
            std.add(Math.sqrt(Math.max(0, sq[f] / normalized.length - m * m)));
        }
        return new FeatureErrorStats(mean, std);
    }

    static ModelContract build(TrainRequest request, FeatureTable table, InputShape shape, long[] times, String contentHash,
            Preprocessing pre, Threshold threshold, OnnxNetwork net, ScoreDefinition score, List<String> outputs,
            int trainRows, int valRows, FeatureErrorStats errorStats, float[] validationScores) {
        Instant now = Instant.now();
        String name = request.modelName() != null ? request.modelName() : defaultName(request.data());
        String version = request.modelVersion() != null ? request.modelVersion()
                : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String timeStart = null;
        String timeEnd = null;
        if (times != null) {
            timeStart = Timestamps.iso(Arrays.stream(times).min().getAsLong());
            timeEnd = Timestamps.iso(Arrays.stream(times).max().getAsLong());
        }
        TrainingSummary summary = new TrainingSummary(table.source(), trainRows, valRows, timeStart, timeEnd, contentHash);
        Map<String, String> hyper = new LinkedHashMap<>(net.hyperparameters());
        hyper.put("epochs", Integer.toString(request.training().epochs()));
        hyper.put("batch_size", Integer.toString(request.training().batchSize()));
        hyper.put("learning_rate", Double.toString(request.training().learningRate()));
        hyper.put("seed", Long.toString(request.training().seed()));
        if (request.window() > 0) {
            hyper.put("window", Integer.toString(request.window()));
        }
        if (request.normalLabel() != null) {
            hyper.put("normal_label", request.normalLabel());
        }
        if (request.read().labelColumn() != null) {
            hyper.put("label_column", request.read().labelColumn());
        }
        return new ModelContract(ModelContract.CURRENT_VERSION, request.kind(), name, version, table.featureNames(), shape,
                pre, OnnxExporter.INPUT, outputs, score, threshold, summary, hyper, now.toString(),
                errorStats, reference(validationScores), request.input());
    }

    /** Deciles of the held-out normal scores. */
    static ScoreReference reference(float[] scores) {
        double[] sorted = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            sorted[i] = scores[i];
        }
        Arrays.sort(sorted);
        List<Double> deciles = new ArrayList<>();
        for (int d = 1; d <= 9; d++) {
            deciles.add(ThresholdCalibrator.quantile(sorted, d / 10.0));
        }
        return new ScoreReference(deciles);
    }

    static String defaultName(Path data) {
        String base = data.toAbsolutePath().normalize().getFileName().toString();
        int dot = base.indexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.replaceAll("[^A-Za-z0-9._-]", "_");
        return base.isEmpty() ? "model" : base;
    }
}
