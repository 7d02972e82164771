package io.recon.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.routing.Routes;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.ModelVersion;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scoring pipeline without Kafka: real ONNX models, real scoring threads, a clock the test moves. */
class ScoringPipelineTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<ScoredBatch<String>> out = new ArrayList<>();
    private final ModelRegistry registry = new ModelRegistry();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stop() {
        pools.forEach(ExecutorService::shutdownNow);
        registry.closeAll();
    }

    private static OnnxModel dense() throws Exception {
        return OnnxModel.load(Path.of(ScoringPipelineTest.class.getResource("/models/dense").toURI()), ScorerOptions.defaults());
    }

    private ExecutorService pool(int threads) {
        ExecutorService p = Executors.newFixedThreadPool(threads);
        pools.add(p);
        return p;
    }

    private ScoringPipeline<String> pipeline(int batchSize, long waitMs, java.util.concurrent.Executor executor) throws Exception {
        if (registry.isEmpty()) {
            registry.add(dense());
        }
        PipelineConfig c = new PipelineConfig(batchSize, waitMs, 1024, 3, 60_000, 1, Routes.none());
        return new ScoringPipeline<>(c, registry, new ReconMetrics(), executor, clock::get, out::add);
    }

    private static byte[] record(int i) {
        return ("{\"key\":\"k" + i + "\",\"timestamp\":" + i + ",\"values\":[0.2,-0.1,3.05]}").getBytes(StandardCharsets.UTF_8);
    }

    private static void add(ScoringPipeline<String> p, int i, byte[] value) {
        p.add(null, value, i, "in", 0, i, "attachment-" + i);
    }

    private List<Long> emittedOffsets() {
        List<Long> offsets = new ArrayList<>();
        for (ScoredBatch<String> b : out) {
            for (int i = 0; i < b.size(); i++) {
                offsets.add(b.offset(i));
            }
        }
        return offsets;
    }

    @Test
    void resultsComeOutInInputOrderWhateverThreadsScoreThem() throws Exception {
        ScoringPipeline<String> p = pipeline(3, 60_000, pool(4));
        for (int i = 0; i < 50; i++) {
            add(p, i, i % 7 == 3 ? "{broken".getBytes(StandardCharsets.UTF_8) : record(i));
        }
        p.flush();
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, emittedOffsets());
        for (ScoredBatch<String> b : out) {
            for (int i = 0; i < b.size(); i++) {
                long offset = b.offset(i);
                assertEquals("attachment-" + offset, b.attachment(i));
                if (offset % 7 == 3) {
                    assertEquals(ScoredBatch.Kind.DEAD, b.kind(i));
                    assertEquals("not_json", b.reason(i).id());
                } else {
                    assertEquals(ScoredBatch.Kind.SCORED, b.kind(i));
                    JsonNode s = Json.mapper().readTree(b.scored(i));
                    assertEquals("k" + offset, s.get("key").asText());
                    assertEquals("k" + offset, new String(b.outKey(i), StandardCharsets.UTF_8), "no Kafka key: the record's own");
                }
            }
        }
        assertTrue(p.idle());
        p.close();
    }

    @Test
    void aBatchGoesWhenFullOrWhenItsOldestRecordHasWaited() throws Exception {
        ScoringPipeline<String> p = pipeline(4, 1000, Runnable::run);
        assertFalse(p.add(null, record(0), 0, "in", 0, 0, null));
        clock.addAndGet(400_000_000L);
        add(p, 1, record(1));
        add(p, 2, record(2));
        clock.addAndGet(599_000_000L);
        p.poll();
        assertTrue(out.isEmpty(), "999 ms after the first record the partial batch still waits");
        clock.addAndGet(1_000_000L);
        p.poll();
        assertEquals(List.of(0L, 1L, 2L), emittedOffsets(), "1000 ms after the first record it goes");
        assertTrue(p.idle());

        out.clear();
        for (int i = 3; i < 6; i++) {
            assertFalse(p.add(null, record(i), i, "in", 0, i, null));
        }
        assertTrue(p.add(null, record(6), 6, "in", 0, 6, null), "the 4th record fills the batch and submits it");
        assertFalse(p.filling());
        add(p, 7, record(7)); // emits the finished batch on the way in, without waiting
        assertEquals(List.of(3L, 4L, 5L, 6L), emittedOffsets());
        assertEquals(4, out.get(0).size());
        p.close();
    }

    @Test
    void whileInputIsTooSlowToFillBatchesTheWaitDropsToOneMillisecondAndComesBackWhenItIsFast() throws Exception {
        ScoringPipeline<String> p = pipeline(8, 1000, Runnable::run);
        assertEquals(1000, p.waitMs());
        add(p, 0, record(0));
        clock.addAndGet(1_000_000_000L);
        p.poll();
        assertEquals(1, p.waitMs(), "1 record in a 1000 ms wait (a quarter batch is 2): waiting gathers nothing");
        add(p, 1, record(1));
        clock.addAndGet(999_999L);
        p.poll();
        assertEquals(List.of(0L), emittedOffsets());
        clock.addAndGet(1L);
        p.poll();
        assertEquals(List.of(0L, 1L), emittedOffsets(), "the next record waits 1 ms, not 1000");
        for (int i = 2; i < 10; i++) {
            add(p, i, record(i)); // 8 records at once: a full batch
        }
        assertEquals(1000, p.waitMs(), "input fast enough to fill batches: the configured wait again");
        p.close();
    }

    @Test
    void flushDrainsEveryPendingRecordBeforeItReturns() throws Exception {
        ExecutorService slow = pool(1);
        ScoringPipeline<String> p = pipeline(2, 60_000, r -> slow.execute(() -> {
            sleep(50);
            r.run();
        }));
        for (int i = 0; i < 5; i++) {
            add(p, i, record(i));
        }
        assertFalse(p.idle());
        p.flush();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), emittedOffsets(), "everything added before the flush is out after it");
        assertTrue(p.idle());
        p.close();
    }

    @Test
    void aVersionReplacedDuringALongWaitingBatchStaysOpenUntilThatBatchIsEmitted() throws Exception {
        ScoringPipeline<String> p = pipeline(256, 60_000, pool(1));
        ModelHolder holder = registry.holder("golden-dense");
        ModelVersion v1 = holder.acquire();
        v1.release();
        add(p, 0, record(0)); // the batch takes v1
        holder.swap(dense()); // v2 goes into service: the holder lets go of v1
        assertTrue(v1.isOpen(), "the waiting batch still holds v1");
        assertEquals(1, v1.references());
        clock.addAndGet(59_000_000_000L);
        p.poll();
        assertTrue(out.isEmpty());
        assertTrue(v1.isOpen(), "59 s later (more than any close timer) the batch still waits, v1 still open");
        clock.addAndGet(1_000_000_000L);
        p.poll();
        assertEquals(1, out.size());
        assertEquals(ScoredBatch.Kind.SCORED, out.get(0).kind(0), "scored with v1, which was open");
        assertFalse(v1.isOpen(), "emitted: v1's last holder let go and it closed");

        ModelVersion v2 = holder.acquire();
        add(p, 1, record(1)); // a new batch takes v2
        assertEquals(3, v2.references(), "holder, this test, the new batch");
        v2.release();
        p.flush();
        assertEquals(1, v2.references(), "only the holder's once the batch is out");
        assertTrue(v2.isOpen());
        p.close();
    }

    @Test
    void closingWaitsForBatchesInFlightAndModelsCloseAfterThem() throws Exception {
        CountDownLatch scoring = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        ExecutorService one = pool(1);
        ScoringPipeline<String> p = pipeline(2, 60_000, r -> one.execute(() -> {
            scoring.countDown();
            await(proceed);
            r.run();
        }));
        ModelVersion v = registry.holder("golden-dense").acquire();
        v.release();
        add(p, 0, record(0));
        add(p, 1, record(1)); // full: submitted, blocked in the executor
        assertTrue(scoring.await(5, TimeUnit.SECONDS));
        registry.closeAll(); // the service shuts down its models while the batch is being scored
        assertTrue(v.isOpen(), "the batch in flight keeps its version open");
        Thread closer = new Thread(p::close);
        closer.start();
        closer.join(300);
        assertTrue(closer.isAlive(), "close waits for the batch in flight");
        assertTrue(v.isOpen());
        proceed.countDown();
        closer.join(5000);
        assertFalse(closer.isAlive());
        assertFalse(v.isOpen(), "the model closed once the batch let go of it");
        assertTrue(out.isEmpty(), "closing emits nothing: a clean shutdown has flushed before");
    }

    @Test
    void aPartialBatchWaitedForWithNothingInFlightIsScoredOnTheCallersThread() throws Exception {
        List<Runnable> handedOver = new ArrayList<>();
        ScoringPipeline<String> p = pipeline(4, 1000, handedOver::add);
        add(p, 0, record(0));
        p.flush();
        assertTrue(handedOver.isEmpty(), "no hand-over to a scoring thread only to wait for it");
        assertEquals(List.of(0L), emittedOffsets());
        for (int i = 1; i <= 4; i++) {
            add(p, i, record(i)); // the 4th fills the batch: it goes to the scoring threads
        }
        assertEquals(1, handedOver.size(), "a full batch is scored off the caller's thread");
        handedOver.get(0).run();
        p.close();
    }

    @Test
    void recordsWithoutValueOrTooLargeOrWithoutModelAreDeadLettersInPlace() throws Exception {
        ScoringPipeline<String> p = pipeline(8, 60_000, Runnable::run);
        add(p, 0, null);
        add(p, 1, new byte[2048]);
        add(p, 2, record(2));
        p.flush();
        ScoredBatch<String> b = out.get(0);
        assertEquals("null_value", b.reason(0).id());
        assertEquals("too_large", b.reason(1).id());
        assertNull(b.scored(1));
        assertEquals(ScoredBatch.Kind.SCORED, b.kind(2));
        p.close();

        // no model loaded (none yet on the model topic): the record waits for nothing and is a dead letter
        out.clear();
        ScoringPipeline<String> none = new ScoringPipeline<>(new PipelineConfig(8, 60_000, 1024, 3, 60_000, 1, Routes.none()),
                new ModelRegistry(), new ReconMetrics(), Runnable::run, clock::get, out::add);
        add(none, 0, record(0));
        none.flush();
        assertEquals("no_model", out.get(0).reason(0).id());
        assertNull(out.get(0).scored(0));
        none.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test's latch was not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
