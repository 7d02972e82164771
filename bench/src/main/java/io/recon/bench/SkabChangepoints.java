package io.recon.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SKAB's changepoint score, as SKAB's leaderboard computes it ({@code core/metrics.py}, {@code chp_score} with
 * {@code metric="nab"}, {@code window_width="60s"}, {@code anomaly_window_destination="righter"}, its defaults
 * otherwise; read, not copied). A detector's binary prediction per row becomes predicted changepoints where it
 * changes ({@code |diff|}, the first row's own value). Each true changepoint at {@code t} opens a window
 * {@code [t, t + 60 s]}; a window overlapping the one before starts where that one ends. The first predicted
 * changepoint inside a window (both ends included) earns {@code A_fp + (A_tp - A_fp)(1 - tanh(x) / tanh(pi/2)) / 2} at
 * {@code x} from {@code -pi/2} (the window's start) to {@code pi/2} (its end), sampled at 1,000 points as SKAB does;
 * a window without one costs {@code A_fn}; a predicted changepoint outside every window costs {@code A_fp}. Files are
 * summed, then {@code 100 (S - S_null) / (S_perfect - S_null)} per profile.
 */
final class SkabChangepoints {
    static final long WINDOW_MS = 60_000;
    private static final int DETAIL = 1000;

    /** SKAB's three profiles: A_tp, A_fp, A_fn. */
    record Profile(String name, double tp, double fp, double fn) {}

    static final List<Profile> PROFILES = List.of(new Profile("standard", 1, -0.11, -1),
            new Profile("low_fp", 1, -0.22, -1), new Profile("low_fn", 1, -0.11, -2));

    /** One file: raw score, null and perfect scores per profile, true changepoints missed, false positives. */
    record FileScore(double[] score, double[] nul, double[] perfect, int changepoints, int missed, int falsePositives) {}

    private SkabChangepoints() {}

    /**
     * @param times each row's time (ms), increasing
     * @param trueChangepoint SKAB's {@code changepoint} label per row
     * @param predicted the detector's binary prediction per row (for Recon: an alert open)
     */
    static FileScore score(long[] times, boolean[] trueChangepoint, boolean[] predicted) {
        if (times.length != trueChangepoint.length || times.length != predicted.length) {
            throw new IllegalArgumentException("rows differ: " + times.length + ", " + trueChangepoint.length + ", "
                    + predicted.length);
        }
        List<long[]> windows = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (trueChangepoint[i]) {
                windows.add(new long[] {times[i], times[i] + WINDOW_MS});
            }
        }
        for (int i = 0; i + 1 < windows.size(); i++) { // "cut right window"
            if (windows.get(i)[1] >= windows.get(i + 1)[0]) {
                windows.get(i + 1)[0] = windows.get(i)[1];
            }
        }
        List<Long> cps = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            if (i == 0 ? predicted[0] : predicted[i] != predicted[i - 1]) {
                cps.add(times[i]);
            }
        }
        int fps = 0;
        long[] first = new long[windows.size()];
        java.util.Arrays.fill(first, Long.MIN_VALUE);
        for (long t : cps) {
            boolean inside = false;
            for (int w = 0; w < windows.size(); w++) {
                long[] b = windows.get(w);
                if (t >= b[0] && t <= b[1]) {
                    inside = true;
                    if (first[w] == Long.MIN_VALUE) {
                        first[w] = t;
                    }
                }
            }
            fps += inside ? 0 : 1;
        }
        int missed = 0;
        double[] score = new double[PROFILES.size()];
        double[] nul = new double[PROFILES.size()];
        double[] perfect = new double[PROFILES.size()];
        for (int p = 0; p < PROFILES.size(); p++) {
            Profile pr = PROFILES.get(p);
            score[p] = pr.fp() * fps;
            nul[p] = windows.size() * pr.fn();
            perfect[p] = windows.size() * pr.tp();
        }
        for (int w = 0; w < windows.size(); w++) {
            if (first[w] == Long.MIN_VALUE) {
                missed++;
                for (int p = 0; p < PROFILES.size(); p++) {
                    score[p] += PROFILES.get(p).fn();
                }
                continue;
            }
            long[] b = windows.get(w);
            int event = b[1] > b[0] ? (int) ((first[w] - b[0]) / (double) (b[1] - b[0]) * DETAIL) : 0;
            event = Math.min(event, DETAIL - 1);
            double x = -Math.PI / 2 + event * Math.PI / (DETAIL - 1);
            for (int p = 0; p < PROFILES.size(); p++) {
                Profile pr = PROFILES.get(p);
                score[p] += (pr.tp() - pr.fp()) / 2 * -Math.tanh(x) / Math.tanh(Math.PI / 2) + (pr.tp() - pr.fp()) / 2
                        + pr.fp();
            }
        }
        return new FileScore(score, nul, perfect, windows.size(), missed, fps);
    }

    /** The corpus' scores per profile (two decimals, as SKAB's table), changepoints, missed and false positives. */
    static Map<String, Object> total(List<FileScore> files) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int p = 0; p < PROFILES.size(); p++) {
            double s = 0;
            double n = 0;
            double perfect = 0;
            for (FileScore f : files) {
                s += f.score()[p];
                n += f.nul()[p];
                perfect += f.perfect()[p];
            }
            out.put(PROFILES.get(p).name(), perfect == n ? 0.0 : Math.round(100 * (s - n) / (perfect - n) * 100) / 100.0);
        }
        out.put("changepoints", files.stream().mapToInt(FileScore::changepoints).sum());
        out.put("missed", files.stream().mapToInt(FileScore::missed).sum());
        out.put("false_positives", files.stream().mapToInt(FileScore::falsePositives).sum());
        return out;
    }
}
