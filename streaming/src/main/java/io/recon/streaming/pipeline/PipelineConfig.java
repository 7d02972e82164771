package io.recon.streaming.pipeline;

import io.recon.streaming.alerting.AlertBudget;
import io.recon.streaming.alerting.FleetKeys;
import io.recon.streaming.feedback.FeedbackLog;
import io.recon.streaming.input.AvroInput;
import io.recon.streaming.maintenance.Maintenance;
import io.recon.streaming.routing.Routes;

/**
 * What the scoring pipeline needs to know, checked on construction.
 *
 * @param batchSize records per micro-batch at most
 * @param batchWaitMs how long the oldest record of a partial batch waits before the batch is scored anyway
 * @param maxRecordBytes larger input values are dead-lettered unread
 * @param topFeatures features named in an alert, largest error first
 * @param alertCooldownMs a firing key resolves after this long (record time) without an anomaly
 * @param alertCooldownRecords ... and this many records of the key without an anomaly
 * @param alertMinAnomalies consecutive anomalous records a key needs before it fires
 * @param routes which model scores which record
 * @param budget the false-alert budget and persistence that turn calibrated scores into alerts
 * @param maintenance the maintenance windows the scorer knows (live, shared by its scoring threads)
 * @param feedback operators' verdicts received while the scorer runs (live, shared by its scoring threads)
 * @param avro the topics read as avro (the others are recon-json or assembled vectors)
 * @param fleet the service's count of keys per model, for a budget stated for the fleet (shared by its tasks)
 */
public record PipelineConfig(int batchSize, long batchWaitMs, int maxRecordBytes, int topFeatures, long alertCooldownMs,
        int alertCooldownRecords, int alertMinAnomalies, Routes routes, AlertBudget.Config budget, Maintenance maintenance,
        FeedbackLog feedback, AvroInput avro, FleetKeys fleet) {
    /** With no avro topic. */
    public PipelineConfig(int batchSize, long batchWaitMs, int maxRecordBytes, int topFeatures, long alertCooldownMs,
            int alertCooldownRecords, int alertMinAnomalies, Routes routes, AlertBudget.Config budget, Maintenance maintenance,
            FeedbackLog feedback) {
        this(batchSize, batchWaitMs, maxRecordBytes, topFeatures, alertCooldownMs, alertCooldownRecords, alertMinAnomalies,
                routes, budget, maintenance, feedback, AvroInput.none(), new FleetKeys());
    }

    /** Without an alert budget: the model's threshold decides, as in Recon before budgets. */
    public PipelineConfig(int batchSize, long batchWaitMs, int maxRecordBytes, int topFeatures, long alertCooldownMs,
            int alertMinAnomalies, Routes routes) {
        this(batchSize, batchWaitMs, maxRecordBytes, topFeatures, alertCooldownMs, 1, alertMinAnomalies, routes,
                new AlertBudget.Config(0, 1, 1), new Maintenance(), new FeedbackLog());
    }

    /**
     * Longest record key (Kafka key or the record's {@code key} field, UTF-8 bytes): each key holds state (windows,
     * calibration, alerts), so an unbounded key is a way to exhaust memory; longer keys are dead-lettered.
     */
    public static final int MAX_KEY_BYTES = 1024;

    public PipelineConfig {
        require(batchSize >= 1 && batchSize <= 65536, "batch size must be 1..65536, got " + batchSize);
        require(batchWaitMs >= 1 && batchWaitMs <= 60_000, "batch wait must be 1..60000 ms, got " + batchWaitMs);
        require(maxRecordBytes >= 64, "max record bytes must be >= 64");
        require(topFeatures >= 1, "top features must be >= 1");
        require(alertCooldownMs >= 0, "alert cooldown must be >= 0 ms");
        require(alertCooldownRecords >= 1, "alert cooldown records must be >= 1");
        require(alertMinAnomalies >= 1, "alert min anomalies must be >= 1");
        require(routes != null, "routes are required");
        require(budget != null, "an alert budget (possibly off) is required");
        require(maintenance != null, "maintenance windows (possibly none) are required");
        require(feedback != null, "a feedback log (possibly empty) is required");
        require(avro != null, "the avro topics (possibly none) are required");
        require(fleet != null, "a fleet key count is required");
    }

    /**
     * Consecutive records of a key missing a model feature before it fires a dropped-series alert: 5, or the
     * persistence rule's n when that is longer (a failed scrape or two never pages).
     */
    public int dropAfter() {
        return Math.max(5, budget.on() ? budget.n() : 1);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
