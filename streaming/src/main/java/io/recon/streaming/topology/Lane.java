package io.recon.streaming.topology;

import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.OnnxModel;

/**
 * The micro-batch of one model inside a scoring processor: its scorer and parser (rebuilt when a new
 * version of the model goes into service), and what it must remember of each pending record.
 */
final class Lane {
    final String model;
    final ModelHolder holder;
    BatchScorer scorer;
    RecordParser parser;
    float[] row;
    int pending;
    long oldestPendingNanos;
    final String[] keys;
    final byte[][] rawKeys;
    final byte[][] rawValues;
    final long[] eventTimes;
    final long[] recordTimes;
    final String[] topics;
    final int[] partitions;
    final long[] offsets;
    final org.apache.kafka.common.header.Headers[] headers;

    private final KeyCache keyCache;

    Lane(String model, ModelHolder holder, int capacity, KeyCache keyCache) {
        this.model = model;
        this.keyCache = keyCache;
        this.holder = holder;
        keys = new String[capacity];
        rawKeys = new byte[capacity][];
        rawValues = new byte[capacity][];
        eventTimes = new long[capacity];
        recordTimes = new long[capacity];
        topics = new String[capacity];
        partitions = new int[capacity];
        offsets = new long[capacity];
        headers = new org.apache.kafka.common.header.Headers[capacity];
        use(holder.get(), capacity);
    }

    /** True when a newer version is in service than the one this lane's buffers were built for. */
    boolean stale() {
        return holder.get() != scorer.model();
    }

    void use(OnnxModel m, int capacity) {
        scorer = new BatchScorer(m, capacity);
        parser = new RecordParser(m.contract().features(), keyCache);
        row = new float[m.contract().inputShape().featuresPerRecord()];
    }

    void clearRefs(int n) {
        for (int i = 0; i < n; i++) {
            keys[i] = null;
            rawKeys[i] = null;
            rawValues[i] = null;
            topics[i] = null;
            headers[i] = null;
        }
    }
}
