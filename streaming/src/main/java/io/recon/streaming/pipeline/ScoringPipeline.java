package io.recon.streaming.pipeline;

import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.registry.RegistryUnavailableException;
import io.recon.streaming.scoring.ModelRegistry;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Micro-batched scoring in plain Java (no Kafka here): records go in one by one, in order; they are
 * scored in batches on the given executor ({@link ScoringStep}: routing, parsing, inference, JSON) and
 * come out as {@link ScoredBatch}es, in input order, through {@link Output} on the caller's thread.
 *
 * <p>A batch is submitted when it is full, when its oldest record has waited {@code batchWaitMs}
 * (checked by {@link #poll}, by the given clock), or on {@link #flush}. While one batch is being scored
 * the next one fills; at most {@value #MAX_IN_FLIGHT} are with the scoring threads, one at a time in
 * order. Each batch holds a reference to the model versions it is scored with from its first record
 * until its results have been emitted, so a version replaced meanwhile stays open exactly that long.
 *
 * <p>Not thread-safe: one caller thread (a Kafka Streams task's stream thread) drives a pipeline.
 */
public final class ScoringPipeline<A> implements AutoCloseable {
    /** Batches submitted and not yet emitted, at most. */
    public static final int MAX_IN_FLIGHT = 2;

    /** Receives scored batches, in input order, on the thread that drives the pipeline. */
    @FunctionalInterface
    public interface Output<A> {
        void emit(ScoredBatch<A> batch);
    }

    private final PipelineConfig config;
    private final ModelRegistry models;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final Output<A> output;
    private final ScoringStep step;
    private final ArrayDeque<Batch<A>> inFlight = new ArrayDeque<>();
    private final long waitNanos;
    /** The wait of the next batch: the configured one, or {@link #SHORT_WAIT_NANOS} while input is slow. */
    private long currentWaitNanos;
    private Batch<A> filling;
    /** The last submitted batch's scoring: the next one is chained after it (one batch at a time, in order). */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private boolean closed;

    /**
     * @param executor runs the scoring steps (the service's scoring threads; a direct executor in tests)
     * @param nanoClock time for the batch wait ({@code System::nanoTime} in service)
     */
    public ScoringPipeline(PipelineConfig config, ModelRegistry models, ReconMetrics metrics, Executor executor,
            LongSupplier nanoClock, Output<A> output) {
        this.config = config;
        this.models = models;
        this.executor = executor;
        this.nanoClock = nanoClock;
        this.output = output;
        this.step = new ScoringStep(config, models, metrics);
        this.waitNanos = config.batchWaitMs() * 1_000_000L;
        this.currentWaitNanos = waitNanos;
    }

    /** Loads one key's window from the changelogged store (before the first record). */
    public void restoreWindow(String stateKey, byte[] state) {
        step.restoreWindow(stateKey, state);
    }

    /** Loads one firing key's alert state from the changelogged store (before the first record). */
    public void restoreAlert(String key, byte[] state) {
        step.restoreAlert(key, state);
    }

    /** Loads one key's calibration (alert budget) state from the changelogged store (before the first record). */
    public void restoreCalibration(String key, byte[] state) {
        step.restoreCalibration(key, state);
    }

    /**
     * Takes one input record. Finished batches are emitted on the way, without waiting for unfinished ones.
     *
     * @param attachment anything the caller wants back with the record's result (Kafka headers)
     * @return true when this record filled its batch and the batch was submitted
     */
    public boolean add(byte[] key, byte[] value, long timestamp, String topic, int partition, long offset, A attachment) {
        return add(key, value, null, timestamp, topic, partition, offset, attachment);
    }

    /** Takes one assembled vector (shipper formats) instead of a raw record; otherwise as {@link #add}. */
    public boolean add(byte[] key, FeatureVector vector, long timestamp, String topic, int partition, long offset) {
        return add(key, null, vector, timestamp, topic, partition, offset, null);
    }

    private boolean add(byte[] key, byte[] value, FeatureVector vector, long timestamp, String topic, int partition,
            long offset, A attachment) {
        if (closed) {
            throw new IllegalStateException("the pipeline is closed");
        }
        if (!inFlight.isEmpty()) {
            emit(false);
        }
        if (filling == null) {
            filling = new Batch<>(config.batchSize(), nanoClock.getAsLong(), models);
        }
        filling.add(key, value, vector, timestamp, topic, partition, offset, attachment);
        if (filling.full()) {
            submit(false);
            return true;
        }
        return false;
    }

    /**
     * How long the next partial batch waits, in ms. A wait only pays when it gathers enough records to make
     * inference cheaper per record; while the input is too slow for the configured wait to gather a quarter of
     * a batch, records would only wait longer for no gain, so the wait drops to 1 ms until the input is fast
     * again (judged at each batch: its records over its age). Never more than {@code batchWaitMs}.
     */
    public long waitMs() {
        return currentWaitNanos / 1_000_000L;
    }

    static final long SHORT_WAIT_NANOS = 1_000_000L;

    private void adaptWait(Batch<A> b) {
        long age = Math.max(1, nanoClock.getAsLong() - b.startNanos);
        boolean slow = !b.full() && (double) b.n * waitNanos / age < config.batchSize() / 4.0;
        currentWaitNanos = slow ? Math.min(waitNanos, SHORT_WAIT_NANOS) : waitNanos;
    }

    /** Submits the filling batch if its oldest record has waited long enough, then emits every batch in flight. */
    public void poll() {
        if (filling != null && nanoClock.getAsLong() - filling.startNanos >= currentWaitNanos) {
            submit(true);
        }
        emit(true);
    }

    /** Submits the filling batch and emits everything, waiting for it: nothing is pending afterwards. */
    public void flush() {
        submit(true);
        emit(true);
    }

    /** True when no record is waiting in a batch or being scored. */
    public boolean idle() {
        return filling == null && inFlight.isEmpty();
    }

    /** True when a batch is taking records. */
    public boolean filling() {
        return filling != null;
    }

    /**
     * Hands the filling batch to be scored after the previous one. With {@code awaitNow} (the caller will wait for
     * it at once: batch wait over, or a commit) and no other batch in flight, the caller scores it itself: it would
     * only sit idle while a scoring thread works, and at low rates this spares two thread hand-overs per batch,
     * which on a busy machine cost milliseconds of latency. Under load batches fill and go to the scoring threads.
     */
    private void submit(boolean awaitNow) {
        Batch<A> b = filling;
        if (b == null) {
            return;
        }
        adaptWait(b);
        filling = null;
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            emitOldest();
        }
        Executor runner = awaitNow && inFlight.isEmpty() ? Runnable::run : executor;
        // after the previous batch, whatever became of it: one batch at a time through the step
        b.result = tail.handle((x, e) -> null).thenApplyAsync(x -> step.score(b), runner);
        tail = b.result;
        inFlight.add(b);
    }

    /** Emits the batches in flight in order: all of them ({@code wait}) or those already scored. */
    private void emit(boolean wait) {
        Batch<A> b;
        while ((b = inFlight.peek()) != null && (wait || b.result.isDone())) {
            emitOldest();
        }
    }

    private void emitOldest() {
        Batch<A> b = inFlight.poll();
        try {
            output.emit(await(b));
        } finally {
            b.release();
        }
    }

    private static <A> ScoredBatch<A> await(Batch<A> b) {
        try {
            return b.result.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RegistryUnavailableException r) {
                // shutting down while the batch waited for the schema registry: its records are neither scored nor
                // rejected; the stream task fails without committing them, and they are read again
                throw r;
            }
            return ScoredBatch.failed(b, cause);
        }
    }

    /**
     * Waits for every batch with the scoring threads and lets go of the model versions held, without
     * emitting anything (a clean shutdown has flushed first; after a crash the input is read again).
     * Models are closed only after this, by their last reference.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Batch<A> b : inFlight) {
            try {
                b.result.join();
            } catch (RuntimeException e) {
                // closing: the batch's records are read again after a restart
            }
            b.release();
        }
        inFlight.clear();
        if (filling != null) {
            filling.release();
            filling = null;
        }
        step.close();
    }
}
