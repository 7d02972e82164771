package io.recon.schemas.record;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.recon.schemas.Checks;
import io.recon.schemas.SchemaException;
import java.util.List;

/**
 * An alert about one key. A persistent anomaly raises one {@code firing} alert, later followed by a
 * {@code resolved} alert, instead of a flood.
 *
 * <p>Format 1: key, timestamp (the record's), status, score (the record's), threshold, model, model_version,
 * top_features (feature and error). Format 2 (current): the top features also carry their observed and expected
 * values and their share of the error, {@code tail_probability} is the record's (with the alert budget), a resolved
 * alert's top features are those of its episode's peak (not of the
 * quiet record that resolved it), and {@code episode} says when it started, when it peaked with what score, and for a
 * resolved alert when it ended; {@code format} = 2. Golden file: {@code schemas/src/test/resources/golden/alert.v2.json}.
 *
 * @param topFeatures the features that contributed most, largest error first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(String key, long timestamp, Status status, double score, double threshold, String model,
        String modelVersion, List<FeatureContribution> topFeatures, Double tailProbability, Episode episode,
        Integer format) {
    /** An alert's episode: epoch milliseconds of its first record and its peak, the peak's score, its end. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Episode(long started, long peakAt, Double peakScore, Long ended) {}

    /** A format 1 alert. */
    public Alert(String key, long timestamp, Status status, double score, double threshold, String model,
            String modelVersion, List<FeatureContribution> topFeatures) {
        this(key, timestamp, status, score, threshold, model, modelVersion, topFeatures, null, null, null);
    }


    public enum Status {
        FIRING("firing"),
        RESOLVED("resolved");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Status fromId(String id) {
            for (Status s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new SchemaException("unknown alert status '" + id + "', expected firing or resolved");
        }
    }

    public Alert {
        Checks.nonBlank(key, "key");
        Checks.require(timestamp >= 0, "timestamp must be epoch milliseconds >= 0");
        Checks.require(status != null, "status is required");
        Checks.require(!Double.isNaN(score), "score must be a number");
        Checks.finite(threshold, "threshold");
        Checks.nonBlank(model, "model");
        Checks.nonBlank(modelVersion, "model_version");
        topFeatures = topFeatures == null ? List.of() : List.copyOf(topFeatures);
        for (int i = 1; i < topFeatures.size(); i++) {
            Checks.require(topFeatures.get(i - 1).error() >= topFeatures.get(i).error(),
                    "top_features must be sorted by error, largest first");
        }
    }
}
