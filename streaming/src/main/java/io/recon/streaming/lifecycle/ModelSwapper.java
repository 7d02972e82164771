package io.recon.streaming.lifecycle;

import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.ModelLoadException;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a candidate model version in the background, validates it against the version of the same
 * model (by contract name) in service and swaps it in atomically; a model not served yet is added (batches started after that take it). A bad candidate is rejected with
 * a log line and {@code recon_model_rejected_total}; the current model keeps serving. The replaced
 * version closes when the last micro-batch scored with it has been emitted ({@link
 * io.recon.streaming.scoring.ModelVersion}).
 */
public final class ModelSwapper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSwapper.class);

    private final ModelRegistry registry;
    private final ReconMetrics metrics;
    private final ScorerOptions options;

    public ModelSwapper(ModelRegistry registry, ReconMetrics metrics, ScorerOptions options) {
        this.registry = registry;
        this.metrics = metrics;
        this.options = options;
    }

    /**
     * Tries one candidate.
     *
     * @return true when it went into service
     */
    public synchronized boolean offer(byte[] onnx, String origin) {
        OnnxModel candidate;
        try {
            candidate = OnnxModel.load(onnx, origin, options);
        } catch (ModelLoadException e) {
            return reject(origin, e.getMessage());
        }
        ModelHolder holder = registry.holder(candidate.contract().modelName());
        OnnxModel current = holder == null ? null : holder.get();
        String problem = ModelValidator.problem(candidate, current == null ? null : current.contract());
        if (problem != null) {
            candidate.close();
            return reject(origin, problem);
        }
        ModelContract c = candidate.contract();
        if (current != null && current.contract().modelName().equals(c.modelName())
                && current.contract().modelVersion().equals(c.modelVersion())
                && current.contract().training().contentHash().equals(c.training().contentHash())) {
            candidate.close();
            LOG.debug("{}: version {} is already in service", origin, c.modelVersion());
            return false;
        }
        OnnxModel old = holder == null ? null : holder.swap(candidate);
        if (holder == null) {
            registry.add(candidate);
        }
        metrics.modelLoaded(c);
        LOG.info("model {} version {} in service (from {}; threshold {}){}", c.modelName(), c.modelVersion(), origin,
                c.threshold().value(), old == null ? "" : ", replacing version " + old.contract().modelVersion());
        return true;
    }

    private boolean reject(String origin, String why) {
        metrics.modelRejected();
        LOG.error("rejected model from {}: {}; the current model keeps serving", origin, why);
        return false;
    }

    @Override
    public void close() {
        // nothing of its own to free: replaced versions close themselves when their last batch is out
    }
}
