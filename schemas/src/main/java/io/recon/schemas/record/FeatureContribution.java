package io.recon.schemas.record;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.recon.schemas.Checks;

/**
 * One of an alert's top features. {@code error}: its reconstruction error, the squared difference between observed
 * and expected in the model's normalized units (for the default z-score normalization, squared training standard
 * deviations: 4 is two standard deviations off). Alert format 2 adds {@code observed} (the value in the record, raw
 * units), {@code expected} (what the model reconstructs for it, raw units; null when unknown) and {@code share} (its
 * part of the record's reconstruction error over all features, 0 to 1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureContribution(String feature, Double observed, Double expected, Double share, double error) {
    public FeatureContribution {
        Checks.nonBlank(feature, "feature");
        Checks.require(!Double.isNaN(error) && error >= 0, "error must be a non-negative number");
        Checks.require(share == null || share >= 0 && share <= 1.0001, "share must be in [0, 1]");
    }

    /** Format 1's: the feature and its error. */
    public FeatureContribution(String feature, double error) {
        this(feature, null, null, null, error);
    }
}
