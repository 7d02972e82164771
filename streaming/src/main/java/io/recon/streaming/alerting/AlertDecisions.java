package io.recon.streaming.alerting;

import io.recon.streaming.state.StateWrite;
import java.util.List;
import java.util.Map;

/**
 * Everything that turns a key's scored records into alerts, in one place: the alert budget (each key's
 * calibrated tail probability against its own history, the limit its record rate allows, persistence) and the
 * alert lifecycle (firing, resolved, cooldown). {@code recon serve} calls it for every scored record on its
 * scoring thread; the NAB and SKAB benchmark suites call the same class on the same raw scores, so what they
 * measure is what a deployment does.
 *
 * <p>Not thread-safe: one instance per scoring step (a step's batches run one at a time). {@link #observe} returns
 * its {@link Decision} on the record.
 */
public final class AlertDecisions {
    /**
     * What the decisions made of one record.
     *
     * @param transition whether the record fired its key's alert, resolved it, or neither
     * @param alerting whether the record counts toward an alert (budget and persistence, or the model's threshold)
     * @param calibrated the record's tail probability (NaN when the budget is off)
     * @param limitText the tail probability the key may reach, as the scored record writes it; null while the key warms
     *     up or when the budget is off
     * @param episode the episode a FIRING transition opened or a RESOLVED one closed; null for NONE
     */
    public record Decision(AlertState.Transition transition, boolean alerting, double calibrated, byte[] limitText,
            AlertState.Episode episode) {
        public Decision {
            if (transition == null || (episode == null) != (transition == AlertState.Transition.NONE)) {
                throw new IllegalArgumentException("a decision's episode goes with a transition: " + transition);
            }
        }
    }

    /** The decisions without a budget and without a transition: one each for a record over or under the threshold. */
    private static final Decision QUIET_OVER = new Decision(AlertState.Transition.NONE, true, Double.NaN, null, null);
    private static final Decision QUIET_UNDER = new Decision(AlertState.Transition.NONE, false, Double.NaN, null, null);

    private final AlertState alerts;
    /** Null when the budget is off: the model's threshold decides. */
    private final AlertBudget budget;
    private String lastModel;
    private Map<String, AlertBudget.Key> lastKeys;

    /** With a fleet budget, the keys this instance holds are the fleet. */
    public AlertDecisions(AlertBudget.Config budget, long cooldownMs, int cooldownRecords, int minAnomalies) {
        this(budget, cooldownMs, cooldownRecords, minAnomalies, null);
    }

    /** {@code fleet}: this scoring task's part of the service's key count (null: this instance's keys are the fleet). */
    public AlertDecisions(AlertBudget.Config budget, long cooldownMs, int cooldownRecords, int minAnomalies,
            FleetKeys.Task fleet) {
        this.alerts = new AlertState(cooldownMs, cooldownRecords, minAnomalies);
        this.budget = budget.on() ? new AlertBudget(budget, TailCalibrator.serving(), fleet) : null;
    }


    /** Its keys no longer count in the service's fleet (the scoring task closed). */
    public void close() {
        if (budget != null) {
            budget.close();
        }
    }

    public boolean budgetOn() {
        return budget != null;
    }

    /**
     * Judges one scored record of {@code key} (scores of a model are on that model's scale, so each model's keys
     * are calibrated apart) and returns the alert transition it causes. Changes to keep go to {@code writes}.
     */
    public Decision observe(String model, String key, long time, float score, double threshold,
            List<StateWrite> writes) {
        return observe(model, key, time, score, threshold, null, null, 0, 0, NO_DETAIL, writes);
    }

    private static final AlertState.PeakDetail NO_DETAIL = () -> null;

    /**
     * As above, as serve judges a record. {@code prior} ({@link ScorePrior#of} the model's contract, or null) judges
     * keys that warm up, in place of the model's threshold; the record's features ({@code values[from .. from +
     * features)}, as the model reads them; null for none) are watched for a stuck one ({@link FreezeWatch});
     * {@code detail} describes the record when it opens an episode or becomes its peak.
     */
    public Decision observe(String model, String key, long time, float score, double threshold, ScorePrior prior,
            float[] values, int from, int features, AlertState.PeakDetail detail, List<StateWrite> writes) {
        boolean anomaly = score > threshold;
        if (budget == null) {
            AlertState.Transition t = alerts.observe(key, time, anomaly, false, score, detail, writes);
            return t == AlertState.Transition.NONE ? (anomaly ? QUIET_OVER : QUIET_UNDER)
                    : new Decision(t, anomaly, Double.NaN, null, alerts.lastEpisode());
        }
        if (!model.equals(lastModel)) {
            lastModel = model;
            lastKeys = budget.keysOf(model);
        }
        AlertBudget.Key k = budget.observe(model, lastKeys, key, time, score / threshold, anomaly, prior, values, from,
                features, writes);
        AlertState.Transition t = alerts.observe(key, time, k.alerting, k.elevated, score, detail, writes);
        return new Decision(t, k.alerting, k.q, k.limitText, t == AlertState.Transition.NONE ? null : alerts.lastEpisode());
    }

    /** A record of {@code key} fell in a maintenance window; see {@link AlertBudget#inMaintenance}. */
    public void inMaintenance(String model, String key, List<StateWrite> writes) {
        if (budget != null) {
            budget.inMaintenance(model, key, writes);
        }
    }

    /** Operator feedback: {@code key}'s alert of {@code model} was false; see {@link AlertBudget#accept}. */
    public boolean acceptFalseAlert(String model, String key, double[] ratios, List<StateWrite> writes) {
        return budget != null && budget.accept(model, key, ratios, writes);
    }

    public void restoreAlert(String key, byte[] state) {
        alerts.restore(key, state);
    }

    public void restoreCalibration(String storeKey, byte[] state) {
        if (budget != null) {
            budget.restore(storeKey, state);
        }
    }
}
