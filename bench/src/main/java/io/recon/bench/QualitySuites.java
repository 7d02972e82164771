package io.recon.bench;

import io.recon.cli.UserException;
import io.recon.streaming.alerting.ScorePrior;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.IdxReader;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.data.Windows;
import io.recon.trainer.eval.DetectionMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The ODDS, SKAB and MNIST protocols of {@code recon bench quality} (NAB is in {@link NabSuite}). */
final class QualitySuites {
    private QualitySuites() {}

    /** One seed's split of an ODDS set: the training inliers, the test rows (inliers, then outliers) and their labels. */
    record OddsSplit(float[][] train, float[][] test, boolean[] anomalous) {}

    /** An ODDS set (a CSV with a 'label' column, 0 normal), or null when the file is not one. */
    static FeatureTable oddsTable(Path csv) throws java.io.IOException {
        if (!Arrays.asList(BenchSupport.header(csv).split(",")).contains("label")) {
            return null;
        }
        return DataLoader.load(csv, new ReadOptions("label", null, List.of()));
    }

    /** ODDS's split for one seed: a random half of the inliers trains; the other half and every outlier test. */
    static OddsSplit oddsSplit(FeatureTable t, int seed) {
        List<Integer> inliers = new ArrayList<>();
        List<Integer> outliers = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            (t.isLabel(i, "0") ? inliers : outliers).add(i);
        }
        java.util.Collections.shuffle(inliers, new Random(seed));
        int half = inliers.size() / 2;
        List<Integer> test = new ArrayList<>(inliers.subList(half, inliers.size()));
        int normal = test.size();
        test.addAll(outliers);
        boolean[] anomalous = new boolean[test.size()];
        for (int i = normal; i < anomalous.length; i++) {
            anomalous[i] = true;
        }
        return new OddsSplit(inliers.subList(0, half).stream().map(i -> t.rows()[i]).toArray(float[][]::new),
                test.stream().map(i -> t.rows()[i]).toArray(float[][]::new), anomalous);
    }

    /** ODDS: train on a random half of the inliers, test on the other half plus all outliers; AUROC averaged over seeds. */
    static Map<String, Object> odds(Path dir, Path work, BenchSupport.Settings s, int seeds, PrintStream out, PrintStream err)
            throws Exception {
        Map<String, Object> files = new LinkedHashMap<>();
        double sum = 0;
        for (Path csv : BenchSupport.csvFiles(dir)) {
            FeatureTable t = oddsTable(csv);
            if (t == null) {
                continue;
            }
            double total = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                OddsSplit split = oddsSplit(t, seed);
                Path model = work.resolve("odds-" + seed);
                BenchSupport.train(BenchSupport.writeCsv(work.resolve("train.csv"), t.featureNames(), split.train()), model,
                        s.withSeed(seed), null);
                float[] scores = BenchSupport.score(model, split.test());
                double auroc = DetectionMetrics.of(scores, split.anomalous(), Double.MAX_VALUE).auroc();
                BenchSupport.status(err, "odds %s seed %d: AUROC %.4f", csv.getFileName(), seed, auroc);
                total += auroc;
            }
            String name = csv.getFileName().toString().replace(".csv", "");
            double mean = total / seeds;
            out.printf("  %-28s AUROC %.4f (mean of %d seeds)%n", name, mean, seeds);
            files.put(name, Math.round(mean * 10000) / 10000.0);
            sum += mean;
        }
        if (files.isEmpty()) {
            throw new UserException(dir + ": no CSV files with a 'label' column (the ODDS layout)");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "odds");
        json.put("mean_auroc", Math.round(sum / files.size() * 10000) / 10000.0);
        json.put("files", files);
        return json;
    }

    /**
     * SKAB's {@code changepoint} label of each row of a file ({@code rows} of them, as the table read it), or null
     * when the file has no such column.
     */
    static boolean[] skabChangepoints(Path csv, int rows) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        int col = Arrays.asList(lines.get(0).split(";")).indexOf("changepoint");
        if (col < 0) {
            return null;
        }
        boolean[] out = new boolean[rows];
        int r = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            if (r == rows) {
                throw new IllegalStateException(csv + ": more rows than the table read (" + rows + ")");
            }
            out[r++] = Double.parseDouble(line.split(";")[col].trim()) != 0;
        }
        if (r != rows) {
            throw new IllegalStateException(csv + ": " + r + " rows, the table read " + rows);
        }
        return out;
    }

    /** SKAB's protocol: the first rows of each file train, the rest are judged. */
    static final int SKAB_TRAIN_ROWS = 400;

    /** A SKAB experiment (a ';'-CSV with an 'anomaly' column; 'changepoint' left out), or null when the file is not one. */
    static FeatureTable skabTable(Path csv) throws java.io.IOException {
        List<String> columns = Arrays.asList(BenchSupport.header(csv).split(";"));
        if (!columns.contains("anomaly")) {
            return null;
        }
        return DataLoader.load(csv, new ReadOptions("anomaly", null,
                columns.contains("changepoint") ? List.of("changepoint") : List.of()));
    }

    /**
     * SKAB: per file, the first 400 rows train, the rest test; F1, FAR and MAR (%) averaged. A row is predicted
     * anomalous when {@code recon serve}, replaying the file's scores as one key from its first scored row with its
     * defaults ({@link ServingReplay}), has an alert open at that row; with {@code raw}, when the model's score is
     * above {@code thresholdFactor} x its threshold.
     */
    static Map<String, Object> skab(Path dir, Path work, BenchSupport.Settings s, double thresholdFactor, boolean raw,
            PrintStream out, PrintStream err) throws Exception {
        ServingReplay replay = new ServingReplay(Map.of());
        List<SkabChangepoints.FileScore> cpScores = new ArrayList<>();
        double f1 = 0;
        double far = 0;
        double mar = 0;
        int n = 0;
        double delaySum = 0;
        int delayFiles = 0;
        Map<String, Object> files = new LinkedHashMap<>();
        for (Path csv : BenchSupport.csvFiles(dir)) {
            FeatureTable t = skabTable(csv);
            if (t == null || t.size() <= SKAB_TRAIN_ROWS + s.window()) {
                continue;
            }
            Path model = work.resolve("skab");
            TrainResult r = BenchSupport.train(BenchSupport.writeCsv(work.resolve("train.csv"), t.featureNames(),
                    Arrays.copyOfRange(t.rows(), 0, SKAB_TRAIN_ROWS)), model, s, null);
            int[][] ends = new int[1][];
            float[][] windows = s.window() > 0 ? Windows.slide(t.rows(), s.window(), null, ends) : t.rows();
            float[] scores = BenchSupport.score(model, windows);
            double threshold = raw ? r.contract().threshold().value() * thresholdFactor : 0.5;
            float[] auroc = scores.clone();
            if (!raw) {
                scores = openAlerts(replay, t, scores, r.contract().threshold().value(), ScorePrior.of(r.contract()),
                        s.window() > 0 ? ends[0] : null);
            }
            int first = 0; // the first window whose last row is past the training rows (window ends increase)
            while (first < windows.length && (s.window() > 0 ? ends[0][first] : first) < SKAB_TRAIN_ROWS) {
                first++;
            }
            float[] ts = Arrays.copyOfRange(scores, first, windows.length);
            boolean[] ls = new boolean[ts.length];
            for (int i = 0; i < ls.length; i++) {
                ls[i] = !t.isLabel(s.window() > 0 ? ends[0][first + i] : first + i, "0");
            }
            DetectionMetrics m = DetectionMetrics.of(ts, ls, threshold);
            boolean[] changepoints = skabChangepoints(csv, t.size());
            if (changepoints != null) {
                long[] times = new long[ts.length];
                boolean[] cps = new boolean[ts.length];
                boolean[] predicted = new boolean[ts.length];
                for (int i = 0; i < ts.length; i++) {
                    int row = s.window() > 0 ? ends[0][first + i] : first + i;
                    times[i] = rowTime(t, row);
                    cps[i] = changepoints[row];
                    predicted[i] = ts[i] > threshold;
                }
                cpScores.add(SkabChangepoints.score(times, cps, predicted));
            }
            double auc = DetectionMetrics.of(Arrays.copyOfRange(auroc, first, windows.length), ls, threshold).auroc();
            double[] delay = delays(ts, ls, threshold);
            String name = dir.relativize(csv).toString();
            out.printf("  %-24s F1 %.3f  FAR %5.1f %%  MAR %5.1f %%  (AUROC %.3f)  delay %s (%d of %d anomalies found)%n", name,
                    m.f1(), 100 * m.far(), 100 * m.mar(), auc, Double.isNaN(delay[0]) ? "-" : String.format("%.0f s", delay[0]),
                    (int) delay[1], (int) delay[2]);
            files.put(name, Map.of("f1", Math.round(m.f1() * 1000) / 1000.0, "far", Math.round(m.far() * 1000) / 10.0,
                    "mar", Math.round(m.mar() * 1000) / 10.0, "delay_s", Double.isNaN(delay[0]) ? -1 : delay[0]));
            if (!Double.isNaN(delay[0])) {
                delaySum += delay[0];
                delayFiles++;
            }
            f1 += m.f1();
            far += m.far();
            mar += m.mar();
            n++;
        }
        if (n == 0) {
            throw new UserException(dir + ": no ';'-CSV files with an 'anomaly' column (the SKAB layout)");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "skab");
        json.put("f1", Math.round(f1 / n * 1000) / 1000.0);
        json.put("far", Math.round(far / n * 1000) / 10.0);
        json.put("mar", Math.round(mar / n * 1000) / 10.0);
        json.put("delay_s", delayFiles == 0 ? -1 : Math.round(delaySum / delayFiles * 10) / 10.0);
        if (!cpScores.isEmpty()) {
            Map<String, Object> cp = SkabChangepoints.total(cpScores);
            out.printf("  changepoints (SKAB's NAB score, 60 s to the right): standard %s, low FP %s, low FN %s; "
                    + "%s of %s missed, %s false positives%n", cp.get("standard"), cp.get("low_fp"), cp.get("low_fn"),
                    cp.get("missed"), cp.get("changepoints"), cp.get("false_positives"));
            json.put("changepoint_nab", cp);
        }
        json.put("files", files);
        return json;
    }

    /** A row's time: its timestamp, or one second a row (SKAB's rate) for a table without timestamps. */
    private static long rowTime(FeatureTable t, int row) {
        return t.timestamps() != null && t.timestamps().length > row ? t.timestamps()[row] : 1000L * row;
    }

    /** 1 for each window whose last row has an alert open when serve replays the scores (one key), else 0. */
    private static float[] openAlerts(ServingReplay replay, FeatureTable t, float[] scores, double threshold, ScorePrior prior,
            int[] ends) {
        long[] times = new long[scores.length];
        float[][] rows = new float[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            int row = ends == null ? i : ends[i];
            times[i] = rowTime(t, row);
            rows[i] = t.rows()[row]; // the window's last row, as serve watches it
        }
        boolean[] open = replay.replay(times, scores, threshold, prior, rows, 0).open();
        float[] out = new float[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = open[i] ? 1 : 0;
        }
        return out;
    }

    /**
     * Detection delay on SKAB (rows are 1 s apart): for each anomaly (a run of labelled rows), the rows from its
     * first row to its first detection. Returns {mean delay over the anomalies found (NaN if none), found, total}.
     * Decisions are causal: a row's score comes from the window ending at it.
     */
    static double[] delays(float[] scores, boolean[] labels, double threshold) {
        double sum = 0;
        int found = 0;
        int total = 0;
        int i = 0;
        while (i < labels.length) {
            if (!labels[i]) {
                i++;
                continue;
            }
            int start = i;
            int first = -1;
            while (i < labels.length && labels[i]) {
                if (first < 0 && scores[i] > threshold) {
                    first = i;
                }
                i++;
            }
            total++;
            if (first >= 0) {
                found++;
                sum += first - start;
            }
        }
        return new double[] {found == 0 ? Double.NaN : sum / found, found, total};
    }

    /** MNIST one-class: train on one digit's training images, score the 10k test images; AUROC per digit and the mean. */
    static Map<String, Object> mnist(Path dir, Path work, BenchSupport.Settings s, PrintStream out, PrintStream err)
            throws Exception {
        if (!IdxReader.hasSplit(dir, "t10k")) {
            throw new UserException(dir + ": no t10k-images-idx3-ubyte[.gz] (the MNIST layout)");
        }
        FeatureTable t = IdxReader.read(dir, "t10k");
        List<Double> perClass = new ArrayList<>();
        int[] classes = Arrays.stream(t.labels()).mapToInt(Integer::parseInt).distinct().sorted().toArray();
        for (int digit : classes) {
            BenchSupport.status(err, "mnist: training on digit %d", digit);
            Path model = work.resolve("mnist-" + digit);
            BenchSupport.train(dir, model, s, Integer.toString(digit));
            float[] scores = BenchSupport.score(model, t.rows());
            boolean[] anomalous = new boolean[t.size()];
            for (int i = 0; i < anomalous.length; i++) {
                anomalous[i] = !t.isLabel(i, Integer.toString(digit));
            }
            double auroc = DetectionMetrics.of(scores, anomalous, Double.MAX_VALUE).auroc();
            out.printf("  digit %d  AUROC %.4f%n", digit, auroc);
            perClass.add(Math.round(auroc * 10000) / 10000.0);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", "mnist");
        json.put("mean_auroc", Math.round(perClass.stream().mapToDouble(Double::doubleValue).average().orElse(0) * 10000) / 10000.0);
        json.put("per_class", perClass);
        return json;
    }

}
