package io.recon.streaming.topology;

import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.OnnxModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.header.Headers;

/**
 * One micro-batch of a model, with everything it needs reused from batch to batch. The stream thread
 * fills it with raw records (or, for windowed models, with rows it has already parsed into the window
 * state); {@link #complete} then runs on a scoring thread: parsing, one ONNX Runtime call, and the
 * scored records' JSON. The stream thread takes the results back in order ({@link ScoringProcessor}):
 * only it touches Kafka Streams (forwarding, state stores). Parsing and inference off the stream thread
 * let both scale with the cores instead of bounding the stream thread.
 */
final class Batch {
    final BatchScorer scorer;
    final RecordParser parser;
    private final JsonOut json = new JsonOut();
    final int capacity;

    /** Windowed models: the stream thread parses their records (it keeps the windows); null parser then. */
    final boolean preParsed;
    /** Records in the batch. */
    int n;
    long oldestNanos;

    // per record, set by the stream thread
    final byte[][] rawKeys;
    final byte[][] rawValues;
    final long[] recordTimes;
    final String[] topics;
    final int[] partitions;
    final long[] offsets;
    final Headers[] headers;

    // per record, set by the stream thread (pre-parsed) or by complete()
    final String[] keys;
    final long[] eventTimes;
    /** Inference slot of record i, or -1 when it could not be parsed ({@link #errors} says why). */
    final int[] slots;
    final DeadLetterReason[] errors;
    final String[] details;

    // results of complete()
    final byte[][] outputs;
    final boolean[] anomalous;
    int scored;
    int anomalies;
    long inferenceNanos;
    Exception failure;
    private CompletableFuture<Void> completion;

    Batch(OnnxModel model, int capacity) {
        this.capacity = capacity;
        this.scorer = new BatchScorer(model, capacity);
        this.preParsed = model.contract().inputShape().layout() == InputShape.Layout.WINDOW;
        this.parser = preParsed ? null : new RecordParser(model.contract().features(), new KeyCache(1024));
        rawKeys = new byte[capacity][];
        rawValues = new byte[capacity][];
        recordTimes = new long[capacity];
        topics = new String[capacity];
        partitions = new int[capacity];
        offsets = new long[capacity];
        headers = new Headers[capacity];
        keys = new String[capacity];
        eventTimes = new long[capacity];
        slots = new int[capacity];
        errors = new DeadLetterReason[capacity];
        details = new String[capacity];
        outputs = new byte[capacity][];
        anomalous = new boolean[capacity];
    }

    OnnxModel model() {
        return scorer.model();
    }

    /** Hands the batch to a scoring thread. */
    void submit(Executor executor) {
        completion = CompletableFuture.runAsync(this::complete, executor);
    }

    boolean isDone() {
        return completion.isDone();
    }

    /** Waits for the scoring thread (batches take well under a millisecond per hundred records). */
    void await() {
        completion.join();
    }

    /** Parses (unless pre-parsed), scores and writes the scored records; runs on a scoring thread. */
    private void complete() {
        try {
            scoreAll();
        } catch (RuntimeException e) {
            failure = e; // every record of the batch then goes to the dead letters, none is lost
        }
    }

    private void scoreAll() {
        int inputSize = scorer.inputSize();
        int good = 0;
        if (preParsed) {
            good = scored;
        } else {
            for (int i = 0; i < n; i++) {
                if (!parser.parse(rawValues[i], scorer.staging, good * inputSize)) {
                    slots[i] = -1;
                    errors[i] = parser.error;
                    details[i] = parser.detail;
                    continue;
                }
                keys[i] = parser.key != null ? parser.key : rawKeys[i] != null ? parser.keyOf(rawKeys[i]) : "-";
                eventTimes[i] = parser.hasTimestamp ? parser.timestamp : recordTimes[i];
                slots[i] = good++;
            }
        }
        scored = good;
        anomalies = 0;
        if (good == 0) {
            return;
        }
        try {
            inferenceNanos = scorer.run(good);
        } catch (Exception e) {
            failure = e;
            return;
        }
        ModelContract c = scorer.model().contract();
        double threshold = c.threshold().value();
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            if (s >= 0) {
                float score = scorer.scores[s];
                boolean anomaly = score > threshold;
                anomalous[i] = anomaly;
                anomalies += anomaly ? 1 : 0;
                outputs[i] = json.scored(keys[i], eventTimes[i], score, threshold, anomaly, c);
            }
        }
    }

    /** Adds a record the stream thread has parsed into inference slot {@code scored} (windowed models). */
    void addParsed(String key, long eventTime) {
        keys[n] = key;
        eventTimes[n] = eventTime;
        slots[n] = scored++;
    }

    /** Empties the batch for reuse, dropping its references to records. */
    void clear() {
        for (int i = 0; i < n; i++) {
            rawKeys[i] = null;
            rawValues[i] = null;
            topics[i] = null;
            headers[i] = null;
            keys[i] = null;
            outputs[i] = null;
            details[i] = null;
            errors[i] = null;
        }
        n = 0;
        scored = 0;
        failure = null;
        completion = null;
    }
}
