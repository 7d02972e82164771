package io.recon.streaming.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelContract;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScorePriorTest {
    private static ObjectNode contractJson() throws Exception {
        try (InputStream in = ScorePriorTest.class.getResourceAsStream("/models/dense/contract.json")) {
            return (ObjectNode) Json.mapper().readTree(in);
        }
    }

    @Test
    void aContractWithoutAScoreReferenceHasNoPrior() throws Exception {
        assertNull(ScorePrior.of(Json.mapper().treeToValue(contractJson(), ModelContract.class)));
    }

    /**
     * Held-out scores drawn from a log-normal (as reconstruction errors roughly are), the threshold their 0.995
     * quantile as the trainer sets it: the prior, fitted to the 70th and 90th percentiles alone, puts the threshold's
     * tail probability at or above the true 0.005 (an exponential tail on the log scale is heavier than a Gaussian
     * one there: it errs toward fewer alerts), within a few times of it, and further scores further out.
     */
    @Test
    void thePriorsTailAgreesWithTheHeldOutScoresQuantile() throws Exception {
        Random r = new Random(3);
        double[] scores = new double[20_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.exp(-4 + 0.8 * r.nextGaussian());
        }
        Arrays.sort(scores);
        ObjectNode c = contractJson();
        var deciles = c.putObject("score_reference").putArray("deciles");
        for (int d = 1; d <= 9; d++) {
            deciles.add(scores[scores.length * d / 10]);
        }
        double threshold = scores[(int) (scores.length * 0.995)];
        ((ObjectNode) c.get("threshold")).put("value", threshold);
        ScorePrior p = ScorePrior.of(Json.mapper().treeToValue(c, ModelContract.class));
        double atThreshold = p.tail(1.0);
        assertTrue(atThreshold >= 0.004 && atThreshold < 0.05, "P(score >= threshold) = " + atThreshold);
        assertTrue(p.tail(3.0) < atThreshold / 5, "three times the threshold is far rarer: " + p.tail(3.0));
        assertEquals(1.0, p.tail(scores[scores.length / 2] / threshold), "the median says nothing");
    }
}
