package io.recon.streaming.scoring;

import io.recon.schemas.contract.ModelContract;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version of a model, reference-counted. Its {@link ModelHolder} holds one reference while
 * the version is in service; every micro-batch that will be scored with it holds another from the
 * moment it takes its first record until its results have been emitted. The ONNX Runtime session
 * closes when the last reference goes, so a replaced version is never closed under a batch that still
 * uses it, however long that batch waits, and is closed as soon as nothing does (never on a timer).
 */
public final class ModelVersion {
    private final OnnxModel model;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** A version with one reference, the caller's (the holder's). */
    public ModelVersion(OnnxModel model) {
        this.model = model;
    }

    public OnnxModel model() {
        return model;
    }

    public ModelContract contract() {
        return model.contract();
    }

    /** Takes a reference unless the version is already closed. */
    boolean tryRetain() {
        while (true) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the model. */
    public void release() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            model.close();
        } else if (r < 0) {
            throw new IllegalStateException("model " + contract().modelName() + " version " + contract().modelVersion()
                    + " released more often than retained");
        }
    }

    /** True until the last reference has been released. */
    public boolean isOpen() {
        return refs.get() > 0;
    }

    /** References held (the holder's and batches'); for tests and diagnostics. */
    public int references() {
        return refs.get();
    }
}
