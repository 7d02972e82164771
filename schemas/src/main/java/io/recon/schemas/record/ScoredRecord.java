package io.recon.schemas.record;

import io.recon.schemas.Checks;

/** The scorer's verdict on one input record (or on the window ending with it). */
public record ScoredRecord(String key, long timestamp, double score, double threshold, boolean isAnomaly,
        String model, String modelVersion) {
    public ScoredRecord {
        Checks.require(timestamp >= 0, "timestamp must be epoch milliseconds >= 0");
        Checks.finite(threshold, "threshold");
        Checks.require(!Double.isNaN(score), "score must be a number");
        Checks.nonBlank(model, "model");
        Checks.nonBlank(modelVersion, "model_version");
    }
}
