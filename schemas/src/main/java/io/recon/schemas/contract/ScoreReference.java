package io.recon.schemas.contract;

import io.recon.schemas.Checks;
import java.util.List;

/**
 * The score distribution of held-out normal data at training time, as its deciles (the 0.1 ... 0.9
 * quantiles): the reference that drift of the live scores is measured against.
 */
public record ScoreReference(List<Double> deciles) {
    public ScoreReference {
        deciles = Checks.nonEmptyList(deciles, "score_reference.deciles");
        Checks.require(deciles.size() == 9, "score_reference.deciles must hold the 9 deciles");
        for (int i = 0; i < deciles.size(); i++) {
            Checks.require(Double.isFinite(deciles.get(i)), "score_reference.deciles[" + i + "] must be finite");
            Checks.require(i == 0 || deciles.get(i) >= deciles.get(i - 1), "score_reference.deciles must not decrease");
        }
    }
}
