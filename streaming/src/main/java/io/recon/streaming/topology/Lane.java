package io.recon.streaming.topology;

import io.recon.schemas.contract.InputShape;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.OnnxModel;
import java.util.ArrayDeque;

/**
 * The micro-batches of one model inside a scoring processor: the batch being filled, the batches handed
 * to scoring threads (oldest first, so results go out in input order), and spare ones to reuse. When a
 * new version of the model goes into service the lane starts over with batches built for it.
 */
final class Lane {
    /** Batches in flight at most per lane: one being scored while the next fills. */
    static final int MAX_IN_FLIGHT = 2;

    final String model;
    final ModelHolder holder;
    final int capacity;
    OnnxModel version;
    boolean windowed;
    /** Windowed models: the stream thread's own parser and row (the window store lives on that thread). */
    RecordParser parser;
    float[] row;
    Batch filling;
    final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Batch> spare = new ArrayDeque<>();

    Lane(String model, ModelHolder holder, int capacity) {
        this.model = model;
        this.holder = holder;
        this.capacity = capacity;
        use(holder.get());
    }

    /** True when a newer version is in service than the one this lane's batches were built for. */
    boolean stale() {
        return holder.get() != version;
    }

    /** Switches to {@code m}; the caller has sent every batch of the previous version on. */
    void use(OnnxModel m) {
        version = m;
        spare.clear();
        windowed = m.contract().inputShape().layout() == InputShape.Layout.WINDOW;
        parser = windowed ? new RecordParser(m.contract().features(), new KeyCache(1024)) : null;
        row = windowed ? new float[m.contract().inputShape().featuresPerRecord()] : null;
        filling = fresh();
    }

    Batch fresh() {
        Batch b = spare.poll();
        return b != null ? b : new Batch(version, capacity);
    }

    /** A batch whose results have been sent on goes back to the spares (if it is of the current version). */
    void recycle(Batch b) {
        b.clear();
        if (b.model() == version && spare.size() <= MAX_IN_FLIGHT) {
            spare.push(b);
        }
    }
}
