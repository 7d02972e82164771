package io.recon.schemas.contract;

import io.recon.schemas.Checks;
import java.util.List;

/**
 * Per-feature squared reconstruction error (normalized units) on held-out normal data: what "usual"
 * looks like for each feature, so that an alert can say how unusual a feature's error is.
 */
public record FeatureErrorStats(List<Double> mean, List<Double> std) {
    public FeatureErrorStats {
        mean = Checks.nonEmptyList(mean, "feature_error_stats.mean");
        std = Checks.nonEmptyList(std, "feature_error_stats.std");
        Checks.require(mean.size() == std.size(), "feature_error_stats.mean and std differ in length");
        for (int i = 0; i < mean.size(); i++) {
            Checks.require(Double.isFinite(mean.get(i)) && mean.get(i) >= 0, "feature_error_stats.mean[" + i + "] must be >= 0");
            Checks.require(Double.isFinite(std.get(i)) && std.get(i) >= 0, "feature_error_stats.std[" + i + "] must be >= 0");
        }
    }
}
