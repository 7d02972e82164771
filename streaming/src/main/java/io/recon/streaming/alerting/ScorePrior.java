package io.recon.streaming.alerting;

import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.ScoreReference;
import java.util.List;

/**
 * What the model's own held-out normal scores say about a score, for keys with too little history of their own
 * (a key's first {@link TailCalibrator#warmup()} records): the tail probability of a score from the training-time
 * deciles of held-out scores ({@code score_reference} in the contract), with the same shape {@link TailCalibrator}
 * gives a key's tail: an exponential on the log scale beyond the 90th percentile, its scale fitted to the 70th and
 * 90th (P = 0.3 and 0.1), at least {@link TailCalibrator#MIN_TAIL_SCALE} decades. A warming key then alerts only
 * on a score the model's whole held-out set makes as rare as the budget asks, rather than on every score above
 * the model's threshold (a 0.995 quantile: one false alert in 200 records of every new key).
 *
 * <p>Its promise is the model's, not the key's: a key whose normal differs from the training data's (a noisier
 * host) may alert falsely while it warms up, as often as its scores exceed the model's extrapolated tail; once the
 * key has its own history, its own calibration decides.
 *
 * @param log90 the 90th percentile's score, as log10 of its ratio to the threshold
 * @param scale the tail's scale, decades
 */
public record ScorePrior(double log90, double scale) {
    public ScorePrior {
        if (!Double.isFinite(log90) || !(scale > 0)) {
            throw new IllegalArgumentException("a score prior needs a finite 90th percentile and a positive scale");
        }
    }

    /** The prior of a model's contract; null when it has no usable score reference (the model's threshold decides). */
    public static ScorePrior of(ModelContract c) {
        ScoreReference ref = c.scoreReference();
        double threshold = c.threshold().value();
        if (ref == null || !(threshold > 0)) {
            return null;
        }
        List<Double> d = ref.deciles();
        double d70 = d.get(6);
        double d90 = d.get(8);
        if (!(d90 > 0) || !(d70 > 0)) {
            return null;
        }
        double y70 = TailCalibrator.logOf(d70 / threshold);
        double y90 = TailCalibrator.logOf(d90 / threshold);
        double scale = Math.max((y90 - y70) / Math.log(3), TailCalibrator.MIN_TAIL_SCALE);
        return new ScorePrior(y90, scale);
    }

    /** P(score >= this one) under the model's held-out normal scores, for a score as a ratio to the threshold. */
    public double tail(double ratio) {
        double y = TailCalibrator.logOf(ratio);
        if (y <= log90) {
            return 1.0; // inside the bulk: nothing to say that could alert
        }
        return Math.max(0.1 * Math.exp(-(y - log90) / scale), Double.MIN_NORMAL);
    }
}
