package io.recon.streaming.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.input.InputSettings;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.testkit.ShipperRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** A decoding task says its partition is caught up when it has read up to the partition's end, and only then. */
class DecodeProcessorTest {
    private static final long T = 1_796_094_000_000L;

    /** End and committed offsets set by the test; ends count as looked up after {@code askedAt}. */
    private static final class Offsets implements InputProgress {
        long end = -1;
        long committed = -1;
        long askedAt = Long.MIN_VALUE;

        @Override
        public long endOffset(String topic, int partition, long askedAfterMs) {
            return askedAt < askedAfterMs ? -1 : end;
        }

        @Override
        public long committedOffset(String topic, int partition) {
            return committed;
        }
    }

    private static long notices(MockProcessorContext<byte[], byte[]> ctx) {
        return ctx.forwarded().stream().filter(f -> Arrays.equals(f.record().key(), SamplePartitioner.IDLE_KEY)).count();
    }

    private static void punctuate(MockProcessorContext<byte[], byte[]> ctx, long now) {
        ctx.setCurrentSystemTimeMs(now);
        ctx.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
    }

    @Test
    void noticeOnlyOnceEverythingIsReadAndAgainWhileItStaysSo() {
        Offsets offsets = new Offsets();
        MockProcessorContext<byte[], byte[]> ctx = new MockProcessorContext<>(new Properties(), new TaskId(0, 2), null);
        DecodeProcessor p = new DecodeProcessor("prometheus-json", List.of("metrics"), offsets, InputSettings.defaults(),
                new ReconMetrics());
        p.init(ctx);
        punctuate(ctx, 1_000);
        assertEquals(0, notices(ctx), "nothing known of the partition's end: no notice");

        offsets.end = 10;
        offsets.committed = 7;
        offsets.askedAt = 1_500;
        punctuate(ctx, 2_000);
        assertEquals(0, notices(ctx), "three records left to read");

        ctx.setCurrentSystemTimeMs(2_100);
        for (int offset = 7; offset < 10; offset++) {
            ctx.setRecordMetadata("metrics", 2, offset);
            p.process(new Record<>(null, ShipperRecords.prometheusAdapter("up", Map.of("instance", "a"), 1, T)
                    .getBytes(StandardCharsets.UTF_8), T));
        }
        punctuate(ctx, 5_500);
        assertEquals(0, notices(ctx), "the end on hand was looked up before the last record was read");
        offsets.askedAt = 2_600;
        punctuate(ctx, 4_000);
        assertEquals(0, notices(ctx), "read to the end, but a record came less than 3 s ago");
        punctuate(ctx, 6_000);
        assertEquals(1, notices(ctx), "read to the end and quiet: one notice");
        var notice = ctx.forwarded().stream().filter(f -> Arrays.equals(f.record().key(), SamplePartitioner.IDLE_KEY))
                .findFirst().orElseThrow().record();
        assertTrue(Origin.isIdle(notice.headers()));
        assertEquals("metrics", Origin.topic(notice.headers()));
        assertEquals(2, Origin.partition(notice.headers()));
        punctuate(ctx, 7_000);
        assertEquals(1, notices(ctx), "not again at once");
        punctuate(ctx, 11_100);
        assertEquals(2, notices(ctx), "again after a while, for assembling tasks that restarted");
    }

    @Test
    void aTaskThatReadNothingIsCaughtUpWhenTheGroupCommittedTheEnd() {
        Offsets offsets = new Offsets();
        MockProcessorContext<byte[], byte[]> ctx = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), null);
        new DecodeProcessor("influx-line", List.of("telegraf"), offsets, InputSettings.defaults(), new ReconMetrics()).init(ctx);
        offsets.end = 40;
        offsets.committed = 12;
        offsets.askedAt = 0;
        punctuate(ctx, 1_000);
        assertEquals(0, notices(ctx), "a backlog to read (a task that took over a failed instance's partition)");
        offsets.committed = 40;
        punctuate(ctx, 2_000);
        assertEquals(1, notices(ctx));
    }
}
