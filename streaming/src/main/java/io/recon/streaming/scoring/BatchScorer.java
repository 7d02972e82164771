package io.recon.streaming.scoring;

import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Reusable buffers for micro-batched inference with one model: callers write raw inputs into
 * {@link #staging} slot by slot, then {@link #run} scores the first n slots with one
 * {@code OrtSession.run}. Nothing here allocates per record.
 */
public final class BatchScorer {
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
        direct.clear();
        direct.put(staging, 0, n * inputSize);
        direct.flip();
        long start = System.nanoTime();
        model.score(direct, n, scores, featureErrors);
        return System.nanoTime() - start;
    }
}
