package io.recon.streaming.topology;

import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.InputFormat;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.input.SampleSink;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.registry.RegistryUnavailableException;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads records of a format that carries one whole vector per record (avro) into {@link FeatureVector}s for the
 * scoring processor, on the stream thread; a record that cannot be read goes on as a {@link DeadLetter} with its
 * original bytes and the reason. The Kafka key travels on as the output records' key.
 *
 * <p>A format that needs a peer (the schema registry) waits for it inside {@link InputFormat#read}: the stream
 * thread then waits too, the record is neither read nor rejected, and its offset is not committed. If the wait
 * outlasts the consumer's {@code max.poll.interval.ms} (5 min), the group moves the partitions and the
 * uncommitted records are read again (exactly once under exactly_once_v2).
 */
final class VectorDecodeProcessor implements Processor<byte[], byte[], byte[], Object>, SampleSink {
    private final String formatId;
    private final InputSettings settings;
    private ProcessorContext<byte[], Object> context;
    private InputFormat format;
    private FeatureVector vector;
    private long recordTime;

    VectorDecodeProcessor(String formatId, InputSettings settings) {
        this.formatId = formatId;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> ctx) {
        this.context = ctx;
        this.format = InputFormats.create(formatId, settings);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata md = context.recordMetadata().orElse(null);
        String topic = md == null || md.topic() == null ? "" : md.topic();
        int partition = md == null ? -1 : md.partition();
        long offset = md == null ? -1 : md.offset();
        if (record.value() == null) {
            dead(record, topic, partition, offset, DeadLetterReason.NULL_VALUE, "record has no value");
            return;
        }
        vector = null;
        recordTime = record.timestamp();
        Rejection why;
        try {
            why = format.read(record.key(), record.value(), record.timestamp(), this);
        } catch (RegistryUnavailableException e) {
            throw e; // shutting down while waiting for the registry: the record stays unread, never rejected
        } catch (RuntimeException e) {
            // a reader's bug must not stop the stream: the record is kept as a dead letter with the reason
            why = Rejection.of(DeadLetterReason.SCORING_FAILED, formatId + " reader failed: " + e);
        }
        if (why != null) {
            dead(record, topic, partition, offset, why.reason(), why.detail());
        } else if (vector == null) {
            dead(record, topic, partition, offset, DeadLetterReason.NO_SAMPLES, "the record holds no vector");
        } else {
            context.forward(new Record<>(record.key(), (Object) vector, record.timestamp(), record.headers()));
        }
    }

    private void dead(Record<byte[], byte[]> record, String topic, int partition, long offset, DeadLetterReason reason,
            String detail) {
        context.forward(new Record<>(record.key(), (Object) new DeadLetter(record.key(), record.value(), reason, detail, topic,
                partition, offset), record.timestamp()));
    }

    @Override
    public void vector(String key, long timeMs, List<String> names, double[] values) {
        String k = key != null ? key : "-";
        vector = FeatureVector.of(k, timeMs >= 0 ? timeMs : recordTime, names, values);
    }

    @Override
    public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
        throw new IllegalStateException(formatId + " is not a vector format");
    }

    @Override
    public void reject(DeadLetterReason reason, String detail) {
        // vector formats reject whole records (read's answer)
    }
}
