package io.recon.streaming.scoring;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model in service. Scoring threads read it once per batch, so a swap takes effect between
 * batches and never inside one.
 */
public final class ModelHolder {
    private final AtomicReference<OnnxModel> current;

    public ModelHolder(OnnxModel initial) {
        current = new AtomicReference<>(initial);
    }

    public OnnxModel get() {
        return current.get();
    }

    /** Puts {@code next} in service and returns the model it replaced. */
    public OnnxModel swap(OnnxModel next) {
        return current.getAndSet(next);
    }
}
