package io.recon.streaming.scoring;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The version of one model in service. A micro-batch {@link #acquire acquires} the current version when
 * it takes its first record and releases it once its results are out, so a swap takes effect between
 * batches and the replaced version closes when the last batch using it lets go.
 */
public final class ModelHolder {
    private final AtomicReference<ModelVersion> current;

    public ModelHolder(OnnxModel initial) {
        current = new AtomicReference<>(new ModelVersion(initial));
    }

    /** The model in service, or null once the holder has been closed. Not a reference: for reading its contract. */
    public OnnxModel get() {
        ModelVersion v = current.get();
        return v == null ? null : v.model();
    }

    /** The version in service with a reference taken for the caller (who must release it), or null once closed. */
    public ModelVersion acquire() {
        while (true) {
            ModelVersion v = current.get();
            if (v == null || v.tryRetain()) {
                return v;
            }
            // v was replaced and released between the read and the retain: read the new one
        }
    }

    /**
     * Puts {@code next} in service and gives up the holder's reference to the version it replaced,
     * which closes once no batch holds it.
     *
     * @return the model replaced (for logging; it may already be closed)
     */
    public OnnxModel swap(OnnxModel next) {
        ModelVersion old = current.getAndSet(new ModelVersion(next));
        if (old == null) {
            return null;
        }
        old.release();
        return old.model();
    }

    /** Takes the version out of service; it closes once no batch holds it. */
    public void close() {
        ModelVersion old = current.getAndSet(null);
        if (old != null) {
            old.release();
        }
    }
}
