package io.recon.streaming.topology;

import io.recon.streaming.assembly.SampleBatch.Sample;
import io.recon.streaming.assembly.SampleBatch;
import io.recon.streaming.input.InputFormat;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.input.SampleSink;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads shipper-format records into samples and sends them on keyed by entity, one record per entity and input
 * record, to the repartition topic that brings each entity's samples to one assembling task (shippers spread one
 * host's samples over all partitions). A record, or some of its samples, that cannot be used goes the same way as
 * a marked record with the original bytes and the reason, to become a dead letter downstream: nothing is dropped.
 *
 * <p>A task that has read everything of its partitions tells every assembling task so ({@link SamplePartitioner}
 * sends the notice to all of them), and again every {@value #REPEAT_MS} ms while it stays so: their steps then stop
 * waiting for those partitions until they send again. Caught up means, for each of the task's partitions, that the
 * last record read is the partition's last one, or that none was read and the group's committed offset is at the
 * partition's end ({@link InputProgress}: offsets, not a silence, which a rebalance's pause would fake); and that no
 * record came for {@value #QUIET_MS} ms (a producer writing a history to several partitions at once would otherwise
 * find a partition momentarily read to its end, its next, older samples then late).
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], byte[]>, SampleSink {
    private final String formatId;
    private final InputSettings settings;
    private final ReconMetrics metrics;
    static final long REPEAT_MS = 5_000L;
    static final long QUIET_MS = 3_000L;
    private final List<String> topics;
    private final InputProgress progress;
    /** The next offset to read of each of the task's partitions, by topic; absent until a record was read. */
    private final Map<String, Long> next = new HashMap<>();
    private ProcessorContext<byte[], byte[]> context;
    private long announcedAt = Long.MIN_VALUE;
    /** When (wall clock) the last record was read. */
    private long lastReadAt = Long.MIN_VALUE;
    private InputFormat format;
    private final Map<String, List<Sample>> byEntity = new LinkedHashMap<>();
    private int samples;
    private int rejected;
    private Rejection firstRejection;

    /** @param topics the input topics of this format (a task reads one partition of each) */
    DecodeProcessor(String formatId, List<String> topics, InputProgress progress, InputSettings settings,
            ReconMetrics metrics) {
        this.topics = List.copyOf(topics);
        this.progress = progress;
        this.formatId = formatId;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.format = InputFormats.create(formatId, settings);
        ctx.schedule(Duration.ofMillis(500), PunctuationType.WALL_CLOCK_TIME, this::announceCaughtUp);
    }

    /** Tells the assembling tasks that this task's partitions have nothing more for now. */
    private void announceCaughtUp(long now) {
        boolean quiet = lastReadAt == Long.MIN_VALUE || now - lastReadAt >= QUIET_MS;
        if (announcedAt != Long.MIN_VALUE && now - announcedAt < REPEAT_MS || !quiet || !caughtUp()) {
            return;
        }
        announcedAt = now;
        int partition = context.taskId().partition();
        for (String topic : topics) {
            context.forward(new Record<>(SamplePartitioner.IDLE_KEY, new byte[0], now, Origin.idle(topic, partition)));
        }
    }

    private boolean caughtUp() {
        int partition = context.taskId().partition();
        for (String topic : topics) {
            long end = progress.endOffset(topic, partition, lastReadAt);
            Long read = next.get(topic);
            long at = read != null ? read : progress.committedOffset(topic, partition);
            if (end < 0 || at < end) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        announcedAt = Long.MIN_VALUE;
        lastReadAt = context.currentSystemTimeMs();
        RecordMetadata md = context.recordMetadata().orElse(null);
        if (md != null && md.topic() != null) {
            next.put(md.topic(), md.offset() + 1);
        }
        String topic = md == null || md.topic() == null ? "" : md.topic(); // none in a punctuation
        int partition = md == null ? -1 : md.partition();
        long offset = md == null ? -1 : md.offset();
        if (record.value() == null) {
            dead(record, topic, partition, offset, DeadLetterReason.NULL_VALUE, "record has no value");
            return;
        }
        byEntity.clear();
        samples = 0;
        rejected = 0;
        firstRejection = null;
        Rejection whole;
        try {
            whole = format.read(record.key(), record.value(), record.timestamp(), this);
        } catch (RuntimeException e) {
            // a reader's bug must not stop the stream: the record is kept as a dead letter with the reason
            whole = Rejection.of(DeadLetterReason.SCORING_FAILED, formatId + " reader failed: " + e);
        }
        metrics.samples(samples);
        if (whole == null) {
            for (Map.Entry<String, List<Sample>> e : byEntity.entrySet()) {
                context.forward(new Record<>(e.getKey().getBytes(StandardCharsets.UTF_8), SampleBatch.encode(e.getValue()),
                        record.timestamp(), Origin.of(topic, partition, offset)));
            }
        }
        if (whole != null) {
            dead(record, topic, partition, offset, whole.reason(), whole.detail());
        } else if (rejected > 0) {
            dead(record, topic, partition, offset, firstRejection.reason(), rejected == 1 && samples == 0
                    ? firstRejection.detail() : rejected + " of " + (samples + rejected) + " samples (the others were read): "
                    + firstRejection.detail());
        } else if (samples == 0) {
            dead(record, topic, partition, offset, DeadLetterReason.NO_SAMPLES, "the record holds no sample");
        }
    }

    /** A marked record for the dead-letter topic (the repartition topic drops records without a key: it gets one). */
    private void dead(Record<byte[], byte[]> record, String topic, int partition, long offset, DeadLetterReason reason,
            String detail) {
        byte[] key = record.key() != null ? record.key() : (topic + "-" + partition + "@" + offset).getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, record.value(), record.timestamp(),
                Origin.dead(topic, partition, offset, reason, detail, record.key() == null)));
    }

    @Override
    public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
        samples++;
        byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(new Sample(series, feature, timeMs, value, counter));
    }

    @Override
    public void vector(String key, long timeMs, List<String> names, double[] values) {
        throw new IllegalStateException(formatId + " is not a shipper format");
    }

    @Override
    public void reject(DeadLetterReason reason, String detail) {
        if (rejected++ == 0) {
            firstRejection = Rejection.of(reason, detail);
        }
    }
}
