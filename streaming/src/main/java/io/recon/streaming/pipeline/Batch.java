package io.recon.streaming.pipeline;

import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One micro-batch on its way through the pipeline: the raw input records in arrival order (filled by
 * the caller's thread), the model versions it holds a reference to, and the future of its scored form.
 * A batch is filled, submitted, scored and emitted exactly once; nothing of it is reused, so no two
 * threads ever write the same field (the scoring thread reads what the caller wrote before submitting,
 * and the caller reads the {@link ScoredBatch} the future hands back).
 */
final class Batch {
    final int capacity;
    final long startNanos;
    int n;
    // sized for a few records first and doubled as needed: at low rates most batches go out with a handful
    byte[][] keys;
    byte[][] values;
    long[] timestamps;
    String[] topics;
    int[] partitions;
    long[] offsets;
    Object[] headers;
    /** Versions this batch holds: every model in service when it took its first record (and any added since). */
    private final List<ModelVersion> versions = new ArrayList<>(2);
    CompletableFuture<ScoredBatch> result;

    Batch(int capacity, long startNanos, ModelRegistry models) {
        this.capacity = capacity;
        this.startNanos = startNanos;
        int first = Math.min(capacity, 16);
        keys = new byte[first][];
        values = new byte[first][];
        timestamps = new long[first];
        topics = new String[first];
        partitions = new int[first];
        offsets = new long[first];
        headers = new Object[first];
        for (String name : models.names()) {
            ModelVersion v = models.holder(name).acquire();
            if (v != null) {
                versions.add(v);
            }
        }
    }

    void add(byte[] key, byte[] value, long timestamp, String topic, int partition, long offset, Object header) {
        if (n == keys.length) {
            grow();
        }
        int i = n++;
        keys[i] = key;
        values[i] = value;
        timestamps[i] = timestamp;
        topics[i] = topic;
        partitions[i] = partition;
        offsets[i] = offset;
        headers[i] = header;
    }

    private void grow() {
        int size = Math.min(capacity, keys.length * 2);
        keys = java.util.Arrays.copyOf(keys, size);
        values = java.util.Arrays.copyOf(values, size);
        timestamps = java.util.Arrays.copyOf(timestamps, size);
        topics = java.util.Arrays.copyOf(topics, size);
        partitions = java.util.Arrays.copyOf(partitions, size);
        offsets = java.util.Arrays.copyOf(offsets, size);
        headers = java.util.Arrays.copyOf(headers, size);
    }

    boolean full() {
        return n == capacity;
    }

    /**
     * The version of a model this batch is scored with: the one it holds, or (a model first served after
     * the batch started) the current one, which it then holds too. Null when the model is not served.
     */
    ModelVersion version(String model, ModelRegistry models) {
        for (ModelVersion v : versions) {
            if (v.contract().modelName().equals(model)) {
                return v;
            }
        }
        ModelHolder h = models.holder(model);
        ModelVersion v = h == null ? null : h.acquire();
        if (v != null) {
            versions.add(v);
        }
        return v;
    }

    /** Gives back every version reference; a replaced version whose last batch this was closes now. */
    void release() {
        for (ModelVersion v : versions) {
            v.release();
        }
        versions.clear();
    }
}
