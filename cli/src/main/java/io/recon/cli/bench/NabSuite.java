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

    static Map<String, Object> run(Path dir, Path work, BenchSupport.Settings s, boolean surprise, PrintStream out,
            PrintStream err) throws Exception {
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
            Path model = work.resolve("nab");
            TrainResult r = BenchSupport.train(BenchSupport.writeCsv(work.resolve("train.csv"), t.featureNames(),
                    Arrays.copyOfRange(t.rows(), 0, probation)), model, s, null);
            int[][] ends = new int[1][];
            float[][] inputs = s.window() > 0 ? Windows.slide(t.rows(), s.window(), null, ends) : t.rows();
            float[] raw = BenchSupport.score(model, inputs);
            double[] scores = new double[n];
            // a flat probation period calibrates a zero threshold: any deviation is then far above it
            double threshold = Math.max(r.contract().threshold().value(), 1e-9);
            for (int i = 0; i < inputs.length; i++) {
                scores[s.window() > 0 ? ends[0][i] : i] = raw[i] / threshold;
            }
            if (surprise) {
                scores = surprise(scores, SURPRISE_WINDOW);
            }
            List<long[]> bounds = new ArrayList<>();
            for (JsonNode b : w) {
                bounds.add(new long[] {Timestamps.parse(b.get(0).asText()), Timestamps.parse(b.get(1).asText())});
            }
            corpus.add(new NabScorer.Series(key, t.timestamps(), scores, bounds));
            BenchSupport.status(err, "nab: %s (%d rows, %d windows) scored", key, n, bounds.size());
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
