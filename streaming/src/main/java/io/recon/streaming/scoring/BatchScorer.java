package io.recon.streaming.scoring;

import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Reusable buffers for micro-batched inference with one model: callers write raw inputs into
 * {@link #staging} slot by slot, then {@link #run} scores the first n slots with one
 * {@code OrtSession.run}. Nothing here allocates per record. A full batch (the common case under load)
 * runs on tensors made once over this scorer's direct buffers, ONNX Runtime writing its two outputs
 * straight into them (pinned outputs, CPU provider); a partial batch has tensors of its own size made for the run.
 * Holds native tensors: close it when done (one thread uses a scorer at a time).
 */
public final class BatchScorer implements AutoCloseable {
    private final OnnxModel model;
    private final int capacity;
    private final int inputSize;
    private final int features;
    private final FloatBuffer direct;
    /** Raw inputs, slot i at {@code [i * inputSize, (i + 1) * inputSize)}. */
    public final float[] staging;
    /** After {@link #run}: score of slot i. */
    public final float[] scores;
    /** After {@link #run}: per-feature squared error, slot i at {@code [i * features, (i + 1) * features)}. */
    public final float[] featureErrors;
    private final FloatBuffer scoreOut;
    private final FloatBuffer errorOut;
    /** Full batches over {@link #direct}, {@link #scoreOut} and {@link #errorOut}; null until first used. */
    private OnnxModel.Pinned full;
    private boolean closed;
    /**
     * Pinned outputs on the CPU provider only: with CUDA, ONNX Runtime would copy into them from the device, a path
     * not measured or tested here, so CUDA batches keep their per-run tensors.
     */
    private final boolean pinnable;

    public BatchScorer(OnnxModel model, int capacity) {
        this.model = model;
        this.capacity = capacity;
        this.inputSize = model.contract().inputShape().size();
        this.features = model.contract().inputShape().featuresPerRecord();
        this.direct = ByteBuffer.allocateDirect(capacity * inputSize * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        this.staging = new float[capacity * inputSize];
        this.scores = new float[capacity];
        this.featureErrors = new float[capacity * features];
        this.scoreOut = directFloats(capacity);
        this.errorOut = directFloats(capacity * features);
        this.pinnable = "CPU".equals(model.provider());
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public OnnxModel model() {
        return model;
    }

    public int capacity() {
        return capacity;
    }

    public int inputSize() {
        return inputSize;
    }

    public int features() {
        return features;
    }

    /** Scores slots {@code [0, n)}; returns the inference time in nanoseconds. */
    public long run(int n) throws OrtException {
        if (n < 1 || n > capacity) {
            throw new IllegalArgumentException("batch of " + n + " outside 1.." + capacity);
        }
        if (closed) {
            throw new IllegalStateException("the batch scorer is closed");
        }
        direct.clear();
        direct.put(staging, 0, n * inputSize);
        direct.flip();
        long start = System.nanoTime();
        if (n == capacity && pinnable) {
            if (full == null) {
                full = model.pin(direct, scoreOut, errorOut, capacity);
            }
            full.run();
            scoreOut.get(0, scores, 0, n);
            errorOut.get(0, featureErrors, 0, n * features);
        } else {
            model.score(direct, n, scores, featureErrors);
        }
        return System.nanoTime() - start;
    }

    /** Frees the full-batch tensors (the model itself belongs to its version). */
    @Override
    public void close() {
        closed = true;
        if (full != null) {
            full.close();
            full = null;
        }
    }
}
