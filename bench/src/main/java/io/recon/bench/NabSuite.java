package io.recon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.cli.UserException;
import io.recon.schemas.Json;
import io.recon.streaming.alerting.ScorePrior;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.data.Timestamps;
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

    /** One series as the model scored it: raw scores per row (NaN before the first full window) and its threshold. */
    record Scored(String key, FeatureTable table, float[] scores, double threshold, ScorePrior prior) {
        double[] ratios() {
            double[] r = new double[scores.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = scores[i] / threshold;
            }
            return r;
        }
    }

    static Map<String, Object> run(Path dir, Path work, BenchSupport.Settings s, String scoring, Path scoresOut,
            PrintStream out, PrintStream err) throws Exception {
        Path labels = dir.resolve("labels/combined_windows.json");
        if (!Files.exists(labels) || !Files.isDirectory(dir.resolve("data"))) {
            throw new UserException(dir + ": expected data/**/*.csv and labels/combined_windows.json (the NAB layout)");
        }
        JsonNode windows = Json.mapper().readTree(labels.toFile());
        List<NabScorer.Profile> profiles = profiles(dir.resolve("profiles.json"));
        List<NabScorer.Series> corpus = new ArrayList<>();
        List<Scored> scored = new ArrayList<>();
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
            Scored sc = staticModel(key, t, probation, s, work);
            double[] scores = sc.ratios();
            List<long[]> bounds = bounds(w);
            corpus.add(new NabScorer.Series(key, t.timestamps(), scores, bounds));
            scored.add(sc);
            if (scoresOut != null) {
                writeScores(scoresOut.resolve(key), sc, ServingReplay.withBudget(1).replay(t.timestamps(), sc.scores(),
                        sc.threshold(), sc.prior(), sc.table().rows(), first(s)), bounds);
            }
            BenchSupport.status(err, "nab: %s (%d rows, %d windows) scored; max score %.3g x threshold", key, n, bounds.size(),
                    Arrays.stream(scores).filter(v -> !Double.isNaN(v)).max().orElse(0));
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
            serving(corpus, scored, first(s), profiles, out, json);
        }
        json.put("files", corpus.size());
        return json;
    }

    /** A series' labelled windows from combined_windows.json: first and last timestamp of each. */
    static List<long[]> bounds(JsonNode windows) {
        List<long[]> out = new ArrayList<>();
        for (JsonNode b : windows) {
            out.add(new long[] {Timestamps.parse(b.get(0).asText()), Timestamps.parse(b.get(1).asText())});
        }
        return out;
    }

    /** The first row a windowed model scores (its window ends there). */
    static int first(BenchSupport.Settings s) {
        return Math.max(0, s.window() - 1);
    }

    /**
     * One row per series row: timestamp (ms), value(s), the model's score and threshold, and what serve made of it at
     * its defaults (calibrated tail probability, alerting, an alert fired), and whether NAB labels the row.
     */
    private static void writeScores(Path csv, Scored sc, ServingReplay.Outcome o, List<long[]> bounds)
            throws java.io.IOException {
        Files.createDirectories(csv.getParent());
        FeatureTable t = sc.table();
        List<String> lines = new ArrayList<>();
        lines.add("timestamp," + String.join(",", t.featureNames()) + ",score,threshold,calibrated,alerting,fired,label");
        for (int i = 0; i < t.size(); i++) {
            long ts = t.timestamps()[i];
            boolean label = bounds.stream().anyMatch(b -> ts >= b[0] && ts <= b[1]);
            StringBuilder sb = new StringBuilder().append(ts);
            for (float v : t.rows()[i]) {
                sb.append(',').append(v);
            }
            sb.append(',').append(sc.scores()[i]).append(',').append(sc.threshold()).append(',').append(o.calibrated()[i])
                    .append(',').append(o.alerting()[i] ? 1 : 0).append(',').append(o.fired()[i] ? 1 : 0)
                    .append(',').append(label ? 1 : 0);
            lines.add(sb.toString());
        }
        Files.write(csv, lines);
    }

    /** One model trained on the probationary rows scores the whole series (each row by the window ending at it). */
    private static Scored staticModel(String key, FeatureTable t, int probation, BenchSupport.Settings s, Path work)
            throws Exception {
        Path model = work.resolve("nab");
        TrainResult r = BenchSupport.train(BenchSupport.writeCsv(work.resolve("train.csv"), t.featureNames(),
                Arrays.copyOfRange(t.rows(), 0, probation)), model, s, null);
        int w = Math.max(1, s.window());
        int f = t.width();
        float[][] inputs = new float[Math.max(0, t.size() - w + 1)][];
        for (int end = w - 1; end < t.size(); end++) {
            float[] window = new float[w * f];
            for (int k = 0; k < w; k++) {
                System.arraycopy(t.rows()[end - w + 1 + k], 0, window, k * f, f);
            }
            inputs[end - w + 1] = window;
        }
        float[] raw = BenchSupport.score(model, inputs);
        float[] scores = new float[t.size()];
        Arrays.fill(scores, Float.NaN);
        System.arraycopy(raw, 0, scores, w - 1, raw.length);
        return new Scored(key, t, scores, r.contract().threshold().value(), ScorePrior.of(r.contract()));
    }

    /**
     * NAB scores of serve's alerts: a detection where an alert fires. At serve's default budget (the figure a user
     * who sets nothing gets) and, per profile, the best budget of {@link ServingReplay#BUDGETS}.
     */
    private static void serving(List<NabScorer.Series> corpus, List<Scored> scored, int first,
            List<NabScorer.Profile> profiles, PrintStream out, Map<String, Object> json) {
        Map<Double, List<NabScorer.Series>> byBudget = new LinkedHashMap<>();
        for (double budget : ServingReplay.BUDGETS) {
            ServingReplay replay = ServingReplay.withBudget(budget);
            List<NabScorer.Series> fired = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                Scored sc = scored.get(i);
                boolean[] f = replay.replay(sc.table().timestamps(), sc.scores(), sc.threshold(), sc.prior(), sc.table().rows(), first).fired();
                double[] detections = new double[f.length];
                for (int r = 0; r < f.length; r++) {
                    detections[r] = f[r] ? 1 : 0;
                }
                fired.add(corpus.get(i).withScores(detections));
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
