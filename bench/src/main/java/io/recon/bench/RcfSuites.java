package io.recon.bench;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.eval.DetectionMetrics;
import io.recon.trainer.eval.NabScorer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * AWS Random Cut Forest on Recon's benchmark suites, the same files and protocols: the ThresholdedRandomCutForest
 * of {@code randomcutforest-parkservices} (what OpenSearch Anomaly Detection runs) for streams, configured as its
 * documentation recommends (internal shingling for time series, its own thresholding: the anomaly grade), and the
 * plain forest's anomaly score for the static ODDS sets. Parameters are printed with the results.
 */
final class RcfSuites {
    static final int TREES = 50;
    static final int SAMPLE_SIZE = 256;
    static final int SHINGLE = 8;

    private RcfSuites() {}

    static String parameters() {
        return "ThresholdedRandomCutForest: " + TREES + " trees, sample size " + SAMPLE_SIZE + ", shingle size " + SHINGLE
                + " (internal shingling), NORMALIZE transform, its own thresholding (anomaly grade > 0 is an anomaly); "
                + "ODDS: RandomCutForest, " + TREES + " trees, sample size " + SAMPLE_SIZE + ", anomaly score";
    }

    static ThresholdedRandomCutForest streaming(int features, long seed) {
        return streaming(features, SHINGLE, seed);
    }

    static ThresholdedRandomCutForest streaming(int features, int shingle, long seed) {
        return ThresholdedRandomCutForest.builder().dimensions(features * shingle).shingleSize(shingle)
                .internalShinglingEnabled(true).numberOfTrees(TREES).sampleSize(SAMPLE_SIZE).precision(Precision.FLOAT_32)
                .transformMethod(TransformMethod.NORMALIZE).randomSeed(seed).build();
    }

    /** The anomaly grade of each row, processed in order (learning as it goes). */
    static double[] grades(float[][] rows, long seed) {
        return process(rows, seed)[0];
    }

    /** Per row, processed in order (learning as it goes): {anomaly grades, RCF scores}. */
    static double[][] process(float[][] rows, long seed) {
        ThresholdedRandomCutForest f = streaming(rows[0].length, seed);
        double[] out = new double[rows.length];
        double[] raw = new double[rows.length];
        double[] point = new double[rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < point.length; j++) {
                point[j] = rows[i][j];
            }
            AnomalyDescriptor d = f.process(point, i);
            out[i] = d.getAnomalyGrade();
            raw[i] = d.getRCFScore();
        }
        return new double[][] {out, raw};
    }

    /**
     * NAB: each series streamed through its own forest; NAB's sweep over the anomaly grades (RCF's own thresholding,
     * {@code standard}) and over the raw RCF scores ({@code standard_raw_score}, what NAB's own RCF detector did).
     */
    static Map<String, Object> nab(Path dir, PrintStream err) throws Exception {
        JsonNode windows = Json.mapper().readTree(dir.resolve("labels/combined_windows.json").toFile());
        List<NabScorer.Series> corpus = new ArrayList<>();
        List<NabScorer.Series> rawCorpus = new ArrayList<>();
        for (Path csv : BenchSupport.csvFiles(dir.resolve("data"))) {
            String key = dir.resolve("data").relativize(csv).toString().replace('\\', '/');
            JsonNode w = windows.get(key);
            if (w == null) {
                continue;
            }
            FeatureTable t = DataLoader.load(csv, ReadOptions.defaults());
            List<long[]> bounds = NabSuite.bounds(w);
            double[][] r = process(t.rows(), 42);
            corpus.add(new NabScorer.Series(key, t.timestamps(), r[0], bounds));
            rawCorpus.add(new NabScorer.Series(key, t.timestamps(), r[1], bounds));
            BenchSupport.status(err, "compare: rcf nab %s", key);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (NabScorer.Profile p : NabSuite.profiles(dir.resolve("profiles.json"))) {
            json.put(p.name(), Math.round(NabScorer.score(corpus, p).normalized() * 10) / 10.0);
            json.put(p.name() + "_raw_score", Math.round(NabScorer.score(rawCorpus, p).normalized() * 10) / 10.0);
        }
        return json;
    }

    /** SKAB: each file streamed from its first row; rows 400 on are judged, anomalous when the grade is above 0. */
    static Map<String, Object> skab(Path dir, PrintStream err) throws Exception {
        double f1 = 0;
        double far = 0;
        double mar = 0;
        int n = 0;
        int train = QualitySuites.SKAB_TRAIN_ROWS;
        for (Path csv : BenchSupport.csvFiles(dir)) {
            FeatureTable t = QualitySuites.skabTable(csv);
            if (t == null || t.size() <= train + 30) {
                continue;
            }
            double[] g = grades(t.rows(), 42);
            float[] scores = new float[t.size() - train];
            boolean[] labels = new boolean[scores.length];
            for (int i = train; i < t.size(); i++) {
                scores[i - train] = (float) g[i];
                labels[i - train] = !t.isLabel(i, "0");
            }
            DetectionMetrics m = DetectionMetrics.of(scores, labels, 0.0);
            f1 += m.f1();
            far += m.far();
            mar += m.mar();
            n++;
        }
        BenchSupport.status(err, "compare: rcf skab %d files", n);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("f1", Math.round(f1 / n * 1000) / 1000.0);
        json.put("far", Math.round(far / n * 1000) / 10.0);
        json.put("mar", Math.round(mar / n * 1000) / 10.0);
        return json;
    }

    /** ODDS: the split of Recon's ODDS protocol (a random half of the inliers trains, per seed); AUROC of the score. */
    static Map<String, Object> odds(Path dir, int seeds, PrintStream err) throws Exception {
        Map<String, Object> files = new LinkedHashMap<>();
        double sum = 0;
        for (Path csv : BenchSupport.csvFiles(dir)) {
            FeatureTable t = QualitySuites.oddsTable(csv);
            if (t == null) {
                continue;
            }
            double total = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                QualitySuites.OddsSplit split = QualitySuites.oddsSplit(t, seed);
                RandomCutForest forest = RandomCutForest.builder().dimensions(t.width()).numberOfTrees(TREES)
                        .sampleSize(SAMPLE_SIZE).randomSeed(seed).build();
                for (float[] row : split.train()) {
                    forest.update(toDouble(row));
                }
                float[] scores = new float[split.test().length];
                for (int k = 0; k < scores.length; k++) {
                    scores[k] = (float) forest.getAnomalyScore(toDouble(split.test()[k]));
                }
                total += DetectionMetrics.of(scores, split.anomalous(), Double.MAX_VALUE).auroc();
            }
            String name = csv.getFileName().toString().replace(".csv", "");
            files.put(name, Math.round(total / seeds * 10000) / 10000.0);
            sum += total / seeds;
            BenchSupport.status(err, "compare: rcf odds %s", name);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mean_auroc", files.isEmpty() ? 0 : Math.round(sum / files.size() * 10000) / 10000.0);
        json.put("files", files);
        return json;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
