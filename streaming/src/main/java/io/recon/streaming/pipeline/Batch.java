package io.recon.streaming.pipeline;

import io.recon.streaming.input.FeatureVector;
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
 * and the caller reads the {@link ScoredBatch} the future hands back). {@code A}: what the caller attaches to each
 * record and gets back with its result (the Kafka adapter: the record's headers).
 */
final class Batch<A> {
    final int capacity;
    final long startNanos;
    int n;
    final byte[][] keys;
    final byte[][] values;
    /** Assembled vectors (shipper formats), where {@code values} is null. */
    final FeatureVector[] vectors;
    final long[] timestamps;
    final String[] topics;
    final int[] partitions;
    final long[] offsets;
    final Object[] headers;
    /** Versions this batch holds: every model in service when it took its first record (and any added since). */
    private final List<ModelVersion> versions = new ArrayList<>(2);
    CompletableFuture<ScoredBatch<A>> result;

    Batch(int capacity, long startNanos, ModelRegistry models) {
        this.capacity = capacity;
        this.startNanos = startNanos;
        keys = new byte[capacity][];
        values = new byte[capacity][];
        vectors = new FeatureVector[capacity];
        timestamps = new long[capacity];
        topics = new String[capacity];
        partitions = new int[capacity];
        offsets = new long[capacity];
        headers = new Object[capacity];
        for (String name : models.names()) {
            ModelVersion v = models.holder(name).acquire();
            if (v != null) {
                versions.add(v);
            }
        }
    }

    void add(byte[] key, byte[] value, FeatureVector vector, long timestamp, String topic, int partition, long offset,
            A header) {
        int i = n++;
        keys[i] = key;
        values[i] = value;
        vectors[i] = vector;
        timestamps[i] = timestamp;
        topics[i] = topic;
        partitions[i] = partition;
        offsets[i] = offset;
        headers[i] = header;
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
