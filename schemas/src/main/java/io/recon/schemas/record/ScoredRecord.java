package io.recon.schemas.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recon.schemas.Checks;

/**
 * The scorer's verdict on one input record (or on the window ending with it).
 *
 * <p>Format 1: key, timestamp, score, threshold, is_anomaly (score above the model's threshold), model,
 * model_version. Format 2 (with an alert budget, the default) keeps all of format 1 and adds
 * {@code calibrated} (the record's tail probability against its key's own history, 1 while the key warms up),
 * {@code tail_limit} (the tail probability the key's alert budget allows; null while it warms up),
 * {@code alerting} (whether the record counts as anomalous for alerts) and {@code format} = 2. Format 3 (current)
 * keeps all of format 2 and adds {@code tail_probability} (the same number as {@code calibrated}, named for what it
 * is: how rare a score this high is in the key's own normal history, 1 ordinary, near 0 rare) and
 * {@code warming_up} (true while the key has too little history for its own budget, when {@code tail_limit} is null
 * and the model's threshold decides). Golden files: {@code schemas/src/test/resources/golden/scored-record.v1.json},
 * {@code .v2.json} and {@code .v3.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoredRecord(String key, long timestamp, double score, double threshold, boolean isAnomaly,
        String model, String modelVersion, Double calibrated, Double tailProbability, Double tailLimit, Boolean warmingUp,
        Boolean alerting, Integer format) {
    public ScoredRecord {
        Checks.require(timestamp >= 0, "timestamp must be epoch milliseconds >= 0");
        Checks.finite(threshold, "threshold");
        Checks.require(!Double.isNaN(score), "score must be a number");
        Checks.nonBlank(model, "model");
        Checks.nonBlank(modelVersion, "model_version");
        Checks.require(calibrated == null || calibrated >= 0 && calibrated <= 1, "calibrated must be in [0, 1]");
        Checks.require(tailProbability == null || tailProbability >= 0 && tailProbability <= 1,
                "tail_probability must be in [0, 1]");
        Checks.require(format == null || format >= 1 && format <= 3, "format must be 1, 2 or 3");
    }

    /** A format 1 record. */
    public ScoredRecord(String key, long timestamp, double score, double threshold, boolean isAnomaly, String model,
            String modelVersion) {
        this(key, timestamp, score, threshold, isAnomaly, model, modelVersion, null, null, null, null, null, null);
    }
}
