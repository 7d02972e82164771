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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads shipper-format records into samples and sends them on keyed by entity, one record per entity and input
 * record, to the repartition topic that brings each entity's samples to one assembling task (shippers spread one
 * host's samples over all partitions). A record, or some of its samples, that cannot be used goes the same way as
 * a marked record with the original bytes and the reason, to become a dead letter downstream: nothing is dropped.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], byte[]>, SampleSink {
    private final String formatId;
    private final InputSettings settings;
    private final ReconMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private InputFormat format;
    private final Map<String, List<Sample>> byEntity = new LinkedHashMap<>();
    private int samples;
    private int rejected;
    private Rejection firstRejection;

    DecodeProcessor(String formatId, InputSettings settings, ReconMetrics metrics) {
        this.formatId = formatId;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.format = InputFormats.create(formatId, settings);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata md = context.recordMetadata().orElse(null);
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
