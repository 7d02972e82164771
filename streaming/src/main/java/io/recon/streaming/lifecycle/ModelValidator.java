package io.recon.streaming.lifecycle;

import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.scoring.OnnxModel;

/**
 * Checks a candidate model before it may replace the one in service: the input the stream feeds it
 * (feature names in order, input shape) must be the same, and a smoke inference must give finite outputs.
 */
public final class ModelValidator {
    private ModelValidator() {}

    /** Null when the candidate may serve, else why not. */
    public static String problem(OnnxModel candidate, ModelContract serving) {
        ModelContract c = candidate.contract();
        if (serving != null) {
            if (!c.features().equals(serving.features())) {
                return "its features " + c.features() + " differ from the stream's " + serving.features();
            }
            if (!c.inputShape().equals(serving.inputShape())) {
                return "its input shape " + c.inputShape().layout().id() + " " + c.inputShape().dims()
                        + " differs from the serving model's " + serving.inputShape().layout().id() + " "
                        + serving.inputShape().dims();
            }
        }
        float[] center = c.preprocessing().centerArray();
        float[][] probe = new float[2][c.inputShape().size()];
        for (int k = 0; k < probe[0].length; k++) {
            probe[0][k] = center[k % center.length];
            probe[1][k] = center[k % center.length] + c.preprocessing().scaleArray()[k % center.length];
        }
        try {
            OnnxModel.Outputs out = candidate.scoreAll(probe);
            for (var e : out.all().entrySet()) {
                for (float v : e.getValue()) {
                    if (!Float.isFinite(v)) {
                        return "its smoke inference gives a non-finite " + e.getKey();
                    }
                }
            }
        } catch (Exception e) {
            return "its smoke inference failed: " + e.getMessage();
        }
        return null;
    }
}
