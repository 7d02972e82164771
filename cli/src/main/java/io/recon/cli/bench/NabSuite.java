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
 * (the rows NAB does not score), each score divided by the model's own threshold. By default the scores are
 * then replayed through {@code recon serve}'s alert decisions ({@link ServingReplay}: the series is one key) and
 * NAB counts a detection where an alert fires, at serve's default budget and over a sweep of budgets (NAB's
 * threshold optimisation, with the budget as the one knob); with {@code raw} the model's scores themselves are
 * swept. Then NAB's scoring ({@link NabScorer}).
 */
final class NabSuite {
    static final List<NabScorer.Profile> DEFAULT_PROFILES = List.of(new NabScorer.Profile("standard", 1.0, 0.11, 1.0),
            new NabScorer.Profile("reward_low_FP_rate", 1.0, 0.22, 1.0), new NabScorer.Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));

    private NabSuite() {}

    static Map<String, Object> run(Path dir, Path work, BenchSupport.Settings s, String scoring, int retrainEvery,
            Path scoresOut, PrintStream out, PrintStream err) throws Exception {
        Path labels = dir.resolve("labels/combined_windows.json");
        if (!Files.exists(labels) || !Files.isDirectory(dir.resolve("data"))) {
            throw new UserException(dir + ": expected data/**/*.csv and labels/combined_windows.json (the NAB layout)");
        }
        JsonNode windows = Json.mapper().readTree(labels.toFile());
        List<NabScorer.Profile> profiles = profiles(dir.resolve("profiles.json"));
        List<NabScorer.Series> corpus = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
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
            double[] raw = scores;
            List<long[]> bounds = new ArrayList<>();
            for (JsonNode b : w) {
                bounds.add(new long[] {Timestamps.parse(b.get(0).asText()), Timestamps.parse(b.get(1).asText())});
            }
            corpus.add(new NabScorer.Series(key, t.timestamps(), scores, bounds));
            times.add(t.timestamps());
            if (scoresOut != null) {
                double[] fired = fired(ServingReplay.withBudget(1), t.timestamps(), raw, s.window());
                writeScores(scoresOut.resolve(key), t, raw, fired, bounds);
            }
            BenchSupport.status(err, "nab: %s (%d rows, %d windows) scored; max score %.3g x threshold", key, n, bounds.size(),
                    Arrays.stream(scores).max().orElse(0));
        }
        if (corpus.isEmpty()) {
            throw new UserException(dir + ": no NAB series found");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "nab");
        if (scoring.equals("raw")) {
            for (NabScorer.Profile p : profiles) {
                NabScorer.Result res = NabScorer.score(corpus, p);
                out.printf("  %-22s %6.1f   (raw scores swept: threshold %.3g x the model's own, raw %.2f, null %.2f, "
                        + "perfect %.2f)%n", p.name(), res.normalized(), res.threshold(), res.raw(), res.nul(), res.perfect());
                json.put(p.name(), Math.round(res.normalized() * 10) / 10.0);
            }
        } else {
            serving(corpus, times, s.window(), profiles, out, json);
        }
        json.put("files", corpus.size());
        return json;
    }

    /** timestamp (ms), value(s), raw score, suite score, in a labelled window (0/1): one row per series row. */
    private static void writeScores(Path csv, FeatureTable t, double[] raw, double[] scores, List<long[]> bounds)
            throws java.io.IOException {
        Files.createDirectories(csv.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("timestamp," + String.join(",", t.featureNames()) + ",raw_score,score,label");
        for (int i = 0; i < t.size(); i++) {
            long ts = t.timestamps()[i];
            boolean label = bounds.stream().anyMatch(b -> ts >= b[0] && ts <= b[1]);
            StringBuilder sb = new StringBuilder().append(ts);
            for (float v : t.rows()[i]) {
                sb.append(',').append(v);
            }
            lines.add(sb.append(',').append(raw[i]).append(',').append(scores[i]).append(',').append(label ? 1 : 0).toString());
        }
        Files.write(csv, lines);
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
     * NAB scores of serve's alerts: a detection where an alert fires. At serve's default budget (the figure a user
     * who sets nothing gets) and, per profile, the best budget of {@link ServingReplay#BUDGETS}.
     */
    private static void serving(List<NabScorer.Series> corpus, List<long[]> times, int window,
            List<NabScorer.Profile> profiles, PrintStream out, Map<String, Object> json) {
        Map<Double, List<NabScorer.Series>> byBudget = new LinkedHashMap<>();
        for (double budget : ServingReplay.BUDGETS) {
            ServingReplay replay = ServingReplay.withBudget(budget);
            List<NabScorer.Series> fired = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                fired.add(corpus.get(i).withScores(fired(replay, times.get(i), corpus.get(i).scores(), window)));
            }
            byBudget.put(budget, fired);
        }
        for (NabScorer.Profile p : profiles) {
            NabScorer.Result atDefault = NabScorer.score(byBudget.get(1.0), p);
            double bestBudget = 1;
            NabScorer.Result best = atDefault;
            for (Map.Entry<Double, List<NabScorer.Series>> e : byBudget.entrySet()) {
                NabScorer.Result r = NabScorer.score(e.getValue(), p);
                if (r.normalized() > best.normalized()) {
                    best = r;
                    bestBudget = e.getKey();
                }
            }
            out.printf("  %-22s %6.1f   (serve's alerts, default budget 1 false alert/day; best budget %s/day: %.1f)%n",
                    p.name(), atDefault.normalized(), trim(bestBudget), best.normalized());
            json.put(p.name(), Math.round(atDefault.normalized() * 10) / 10.0);
            json.put(p.name() + "_best_budget", bestBudget);
            json.put(p.name() + "_at_best_budget", Math.round(best.normalized() * 10) / 10.0);
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** 1 where serve fires an alert for the series (one key), 0 elsewhere; the first window - 1 rows have no score. */
    static double[] fired(ServingReplay replay, long[] times, double[] ratios, int window) {
        boolean[] f = replay.replay(times, ratios, Math.max(0, window - 1)).fired();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i] ? 1 : 0;
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
