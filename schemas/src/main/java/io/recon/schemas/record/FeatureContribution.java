package io.recon.schemas.record;

import io.recon.schemas.Checks;

/** One feature's share in an anomaly: its reconstruction error (normalized units, squared). */
public record FeatureContribution(String feature, double error) {
    public FeatureContribution {
        Checks.nonBlank(feature, "feature");
        Checks.require(!Double.isNaN(error) && error >= 0, "error must be a non-negative number");
    }
}
