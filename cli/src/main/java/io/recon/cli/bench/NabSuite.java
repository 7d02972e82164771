package io.recon.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.cli.UserException;
import io.recon.schemas.Json;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.data.Timestamps;
import io.recon.trainer.data.Windows;
import io.recon.trainer.eval.NabScorer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB: each series is scored as a stream by a windowed model trained on its probationary period only
 * (the rows NAB does not score); scores are divided by the model's own threshold so that one corpus-wide
 * threshold per profile is meaningful; then NAB's scoring ({@link NabScorer}).
 */
final class NabSuite {
    static final List<NabScorer.Profile> DEFAULT_PROFILES = List.of(new NabScorer.Profile("standard", 1.0, 0.11, 1.0),
            new NabScorer.Profile("reward_low_FP_rate", 1.0, 0.22, 1.0), new NabScorer.Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));

    private NabSuite() {}

    static Map<String, Object> run(Path dir, Path work, BenchSupport.Settings s, String scoring, int retrainEvery,
            PrintStream out, PrintStream err) throws Exception {
        Path labels = dir.resolve("labels/combined_windows.json");
        if (!Files.exists(labels) || !Files.isDirectory(dir.resolve("data"))) {
            throw new UserException(dir + ": expected data/**/*.csv and labels/combined_windows.json (the NAB layout)");
        }
        JsonNode windows = Json.mapper().readTree(labels.toFile());
        List<NabScorer.Profile> profiles = profiles(dir.resolve("profiles.json"));
        List<NabScorer.Series> corpus = new ArrayList<>();
        for (Path csv : BenchSupport.csvFiles(dir.resolve("data"))) {
            String key = dir.resolve("data").relativize(csv).toString().replace('\\', '/');
            JsonNode w = windows.get(key);
            if (w == null) {
                BenchSupport.status(err, "nab: %s has no entry in combined_windows.json; skipped", key);
                continue;
            }
            FeatureTable t = DataLoader.load(csv, ReadOptions.defaults());
            int n = t.size();
            int probation = (int) Math.min(Math.floor(0.15 * n), 750);
            double[] scores = retrainEvery > 0 ? retraining(t, probation, s, work, retrainEvery) : staticModel(t, probation, s, work);
            if (scoring.equals("surprise")) {
                scores = surprise(scores, SURPRISE_WINDOW);
            } else if (scoring.equals("calibrated")) {
                scores = calibrated(scores, s.window());
            }
            List<long[]> bounds = new ArrayList<>();
            for (JsonNode b : w) {
                bounds.add(new long[] {Timestamps.parse(b.get(0).asText()), Timestamps.parse(b.get(1).asText())});
            }
            corpus.add(new NabScorer.Series(key, t.timestamps(), scores, bounds));
            BenchSupport.status(err, "nab: %s (%d rows, %d windows) scored; max score %.3g x threshold", key, n, bounds.size(),
                    Arrays.stream(scores).max().orElse(0));
        }
        if (corpus.isEmpty()) {
            throw new UserException(dir + ": no NAB series found");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "nab");
        for (NabScorer.Profile p : profiles) {
            NabScorer.Result res = NabScorer.score(corpus, p);
            out.printf("  %-22s %6.1f   (threshold %.3g x the model's own, raw %.2f, null %.2f, perfect %.2f)%n", p.name(),
                    res.normalized(), res.threshold(), res.raw(), res.nul(), res.perfect());
            json.put(p.name(), Math.round(res.normalized() * 10) / 10.0);
        }
        json.put("files", corpus.size());
        return json;
    }

    /** One model trained on the probationary rows scores the whole series, each score over its own threshold. */
    private static double[] staticModel(FeatureTable t, int probation, BenchSupport.Settings s, Path work) throws Exception {
        Path model = work.resolve("nab");
        TrainResult r = BenchSupport.train(BenchSupport.writeCsv(work.resolve("train.csv"), t.featureNames(),
                Arrays.copyOfRange(t.rows(), 0, probation)), model, s, null);
        return scoreRows(t, model, s, Math.max(r.contract().threshold().value(), THRESHOLD_FLOOR), 0, t.size(), new double[t.size()]);
    }

    /**
     * Like {@code recon retrain} in a stream: after the probationary rows, every {@code every} rows a new model
     * is trained on the latest rows seen so far (at most {@value #RETRAIN_ROWS}), leaving out the windows the
     * previous model flagged, and it scores the next block. No row is scored by a model that saw it.
     */
    private static double[] retraining(FeatureTable t, int probation, BenchSupport.Settings s, Path work, int every)
            throws Exception {
        int n = t.size();
        double[] scores = new double[n];
        boolean[] flagged = new boolean[n];
        int trainEnd = probation;
        int scoreFrom = 0;
        while (scoreFrom < n) {
            int from = Math.max(0, trainEnd - RETRAIN_ROWS);
            float[][] rows = new float[trainEnd - from][];
            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", t.featureNames()) + ",flagged");
            for (int i = from; i < trainEnd; i++) {
                StringBuilder sb = new StringBuilder();
                for (float v : t.rows()[i]) {
                    sb.append(v).append(',');
                }
                lines.add(sb.append(flagged[i] ? 1 : 0).toString());
            }
            Path csv = work.resolve("train.csv");
            Files.write(csv, lines);
            Path model = work.resolve("nab");
            TrainResult r = BenchSupport.train(csv, model, s, "0", "flagged");
            int blockEnd = Math.min(n, trainEnd + every);
            double threshold = Math.max(r.contract().threshold().value(), THRESHOLD_FLOOR);
            scoreRows(t, model, s, threshold, scoreFrom, blockEnd, scores);
            for (int i = scoreFrom; i < blockEnd; i++) {
                flagged[i] = scores[i] > 1;
            }
            scoreFrom = blockEnd;
            trainEnd = blockEnd;
            if (rows.length == 0) {
                break;
            }
        }
        return scores;
    }

    private static final int RETRAIN_ROWS = 4000;

    /**
     * Scores are divided by each model's threshold; a series whose training windows are all alike (a flat
     * line, a perfect square wave) calibrates a threshold near zero, so it is floored at this squared
     * error in normalized units, lest numerical noise look like a huge anomaly.
     */
    static final double THRESHOLD_FLOOR = 1e-3;

    /** Scores the rows {@code [from, to)} (each by the window ending at it) into {@code scores}, divided by the threshold. */
    private static double[] scoreRows(FeatureTable t, Path model, BenchSupport.Settings s, double threshold, int from, int to,
            double[] scores) throws Exception {
        int w = Math.max(1, s.window());
        int first = Math.max(from, w - 1);
        if (first >= to) {
            return scores;
        }
        float[][] inputs = new float[to - first][];
        int f = t.width();
        for (int end = first; end < to; end++) {
            float[] window = new float[w * f];
            for (int k = 0; k < w; k++) {
                System.arraycopy(t.rows()[end - w + 1 + k], 0, window, k * f, f);
            }
            inputs[end - first] = window;
        }
        float[] raw = BenchSupport.score(model, inputs);
        for (int i = 0; i < raw.length; i++) {
            scores[first + i] = raw[i] / threshold;
        }
        return scores;
    }

    /**
     * The serving calibration ({@link Calibrator}, one key per series) applied causally to the raw scores from
     * the first scored row on; the NAB score of a row is {@code -log10 q} of its tail probability q.
     */
    static double[] calibrated(double[] raw, int window) {
        io.recon.streaming.pipeline.Calibrator c = new io.recon.streaming.pipeline.Calibrator(
                io.recon.streaming.pipeline.Calibrator.Config.defaults());
        io.recon.streaming.pipeline.Calibrator.State state = new io.recon.streaming.pipeline.Calibrator.State();
        double[] out = new double[raw.length];
        for (int i = Math.max(0, window - 1); i < raw.length; i++) {
            out[i] = -Math.log10(c.observe(state, raw[i]));
        }
        return out;
    }

    static final int SURPRISE_WINDOW = 1000;

    /**
     * How unusual each score is against the scores just before it: the z-score of log(score) against
     * the mean and standard deviation of the previous {@code window} rows (streaming: no look-ahead).
     * It keeps a slowly drifting series from raising an alarm on every row while a sudden change stands out.
     */
    static double[] surprise(double[] scores, int window) {
        double[] out = new double[scores.length];
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int i = 0; i < scores.length; i++) {
            double l = Math.log(Math.max(scores[i], 1e-9));
            if (count >= 10) {
                double mean = sum / count;
                double std = Math.sqrt(Math.max(sq / count - mean * mean, 1e-6));
                out[i] = (l - mean) / std;
            }
            sum += l;
            sq += l * l;
            count++;
            if (i >= window) {
                double old = Math.log(Math.max(scores[i - window], 1e-9));
                sum -= old;
                sq -= old * old;
                count--;
            }
        }
        return out;
    }

    static List<NabScorer.Profile> profiles(Path file) throws Exception {
        if (!Files.exists(file)) {
            return DEFAULT_PROFILES;
        }
        JsonNode root = Json.mapper().readTree(file.toFile());
        List<NabScorer.Profile> out = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            JsonNode c = root.get(name).get("CostMatrix");
            out.add(new NabScorer.Profile(name, c.get("tpWeight").asDouble(), c.get("fpWeight").asDouble(),
                    c.get("fnWeight").asDouble()));
        });
        return out;
    }
}
