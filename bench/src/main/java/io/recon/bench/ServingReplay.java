package io.recon.bench;

import io.recon.streaming.alerting.AlertDecisions;
import io.recon.streaming.alerting.AlertState;
import io.recon.streaming.alerting.ScorePrior;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.pipeline.PipelineConfig;
import io.recon.streaming.state.StateWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays one series' model scores, in time order, through the alert decisions {@code recon serve} makes
 * ({@link AlertDecisions}: per-key calibration, alert budget, persistence, firing and resolving), with serve's
 * defaults except the settings given. The benchmark suites score what comes out: the rows where an alert fires
 * (what pages someone) or the rows that count toward an alert.
 */
final class ServingReplay {
    /** Budgets (false alerts per key per day) a suite may sweep, as NAB sweeps a detector's threshold. */
    static final double[] BUDGETS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20};

    /**
     * Per row of a replay: whether an alert fired there, whether the row counted toward an alert, and whether an
     * alert was open (from the row that fired it up to the row before the one that resolved it).
     */
    record Outcome(boolean[] fired, boolean[] alerting, boolean[] open, double[] calibrated) {}

    private final PipelineConfig config;
    private static final AlertState.PeakDetail NO_DETAIL = () -> null;

    /** @param settings {@code recon.*} settings, as for {@code recon serve} (the rest take serve's defaults) */
    ServingReplay(Map<String, String> settings) {
        Map<String, String> s = new HashMap<>(settings);
        s.putIfAbsent("recon.bootstrap", "replay:0"); // needed by serve's validation, never contacted
        s.putIfAbsent("recon.model.dir", "replay");
        this.config = new ServeConfig(s, Map.of()).pipeline();
    }

    /** serve's defaults with another false-alert budget. */
    static ServingReplay withBudget(double falseAlertsPerKeyPerDay) {
        return new ServingReplay(Map.of("recon.alert.false-alerts-per-key-per-day", Double.toString(falseAlertsPerKeyPerDay)));
    }

    /**
     * Fresh decisions (no key seen yet) with these settings, as one of serve's scoring steps holds them; a fleet
     * budget is shared by the keys these decisions meet (each replay is a fleet of its own).
     */
    AlertDecisions decisions() {
        return new AlertDecisions(config.budget(), config.alertCooldownMs(), config.alertCooldownRecords(),
                config.alertMinAnomalies());
    }

    /**
     * @param times each row's event time (ms)
     * @param scores each row's model score; rows before {@code first} have none (a windowed model scores a row once
     *     its window is full)
     * @param threshold the model's threshold
     * @param prior the model's held-out scores ({@link ScorePrior#of} its contract; null: its threshold), which judge
     *     the key while it warms up, as in serve
     * @param rows each row's features as the model reads them (serve watches them for stuck values), or null
     */
    Outcome replay(long[] times, float[] scores, double threshold, ScorePrior prior, float[][] rows, int first) {
        AlertDecisions d = decisions();
        List<StateWrite> writes = new ArrayList<>();
        boolean[] fired = new boolean[times.length];
        boolean[] alerting = new boolean[times.length];
        boolean[] open = new boolean[times.length];
        double[] calibrated = new double[times.length];
        java.util.Arrays.fill(calibrated, Double.NaN);
        boolean isOpen = false;
        for (int i = first; i < times.length; i++) {
            AlertDecisions.Decision decision = d.observe("replay", "series", times[i], scores[i], threshold, prior,
                    rows == null ? null : rows[i], 0, rows == null ? 0 : rows[i].length, NO_DETAIL, writes);
            AlertState.Transition t = decision.transition();
            fired[i] = t == AlertState.Transition.FIRING;
            isOpen = fired[i] || isOpen && t != AlertState.Transition.RESOLVED;
            open[i] = isOpen;
            alerting[i] = decision.alerting();
            calibrated[i] = decision.calibrated();
            writes.clear();
        }
        return new Outcome(fired, alerting, open, calibrated);
    }
}
