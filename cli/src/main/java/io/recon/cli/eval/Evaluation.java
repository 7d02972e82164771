package io.recon.cli.eval;

import io.recon.cli.UserException;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.IdxReader;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.data.Windows;
import io.recon.trainer.eval.DetectionMetrics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Scores labelled data with an exported model (ONNX Runtime, as the service does) and measures detection quality. */
public final class Evaluation {
    /**
     * Scores, labels and metrics of one evaluation.
     *
     * @param source the file that was read (an IDX directory is read through its test images)
     */
    public record Result(ModelContract contract, String source, float[] scores, boolean[] anomalous,
            DetectionMetrics metrics) {}

    private Evaluation() {}

    public static Result run(Path modelDir, Path data, String labelColumn, String normalLabel) throws Exception {
        return run(modelDir, data, labelColumn, normalLabel, label -> new ReadOptions(label, null, List.of()));
    }

    /**
     * @param labelColumn null: the model's, else {@code label}
     * @param read the read options for a label column (the command's column options)
     */
    public static Result run(Path modelDir, Path data, String labelColumn, String normalLabel,
            java.util.function.Function<String, ReadOptions> read) throws Exception {
        try (OnnxModel model = OnnxModel.load(modelDir, ScorerOptions.defaults())) {
            ModelContract c = model.contract();
            boolean idx = IdxReader.isIdx(data);
            String label = idx ? null : labelColumn != null ? labelColumn
                    : c.hyperparameters().getOrDefault("label_column", "label");
            String normal = normalLabel != null ? normalLabel : c.hyperparameters().getOrDefault("normal_label", "0");
            // an MNIST-style directory holds training and test images: evaluation is on the test images
            FeatureTable t = idx && IdxReader.hasSplit(data, "t10k") ? IdxReader.read(data, "t10k")
                    : DataLoader.load(data, read.apply(label));
            if (t.labels() == null) {
                throw new UserException(data + ": evaluation needs labels; name the label column with --label-column");
            }
            float[][] rows = aligned(t, c, data);
            boolean[] rowAnomaly = new boolean[t.size()];
            for (int i = 0; i < rowAnomaly.length; i++) {
                rowAnomaly[i] = !t.isLabel(i, normal);
            }
            float[][] inputs = rows;
            boolean[] anomalous = rowAnomaly;
            if (c.inputShape().layout() == InputShape.Layout.WINDOW) {
                int[][] ends = new int[1][];
                inputs = Windows.slide(rows, c.inputShape().window(), null, ends);
                anomalous = new boolean[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    anomalous[i] = rowAnomaly[ends[0][i]]; // a window's score is the verdict on its last row
                }
            }
            if (inputs.length == 0) {
                throw new UserException(data + ": fewer rows than the model's window of " + c.inputShape().window());
            }
            float[] scores = new float[inputs.length];
            for (int from = 0; from < inputs.length; from += 2048) {
                int to = Math.min(inputs.length, from + 2048);
                float[] s = model.scoreAll(Arrays.copyOfRange(inputs, from, to)).score();
                System.arraycopy(s, 0, scores, from, to - from);
            }
            return new Result(c, t.source(), scores, anomalous, DetectionMetrics.of(scores, anomalous, c.threshold().value()));
        }
    }

    /** The table's columns in the model's feature order; names must match (order may differ). */
    static float[][] aligned(FeatureTable t, ModelContract c, Path data) {
        List<String> want = c.features();
        if (t.featureNames().equals(want)) {
            return t.rows();
        }
        int[] index = new int[want.size()];
        for (int f = 0; f < want.size(); f++) {
            index[f] = t.featureNames().indexOf(want.get(f));
            if (index[f] < 0) {
                throw new UserException(data + ": has no column '" + want.get(f) + "' that the model needs; its columns are "
                        + t.featureNames());
            }
        }
        float[][] out = new float[t.size()][want.size()];
        for (int i = 0; i < t.size(); i++) {
            for (int f = 0; f < index.length; f++) {
                out[i][f] = t.rows()[i][index[f]];
            }
        }
        return out;
    }
}
