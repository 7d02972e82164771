package io.recon.bench;

import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.config.StreamsConfigFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The baseline of {@code bench stream}: a Kafka Streams app with the scorer's Streams configs (guarantee,
 * commit interval, tuning) whose one processor forwards each record unchanged. What it costs is what
 * Kafka Streams itself costs; the scorer's figures are read against it.
 */
final class PassThroughApp implements AutoCloseable {
    private final AtomicLong count = new AtomicLong();
    private final KafkaStreams streams;
    private final String applicationId;

    PassThroughApp(ServeConfig cfg, String input, String output, String applicationId, Path stateDir) {
        this.applicationId = applicationId;
        Topology t = new Topology();
        t.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
        t.addProcessor("copy", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> ctx;

            @Override
            public void init(ProcessorContext<byte[], byte[]> c) {
                ctx = c;
            }

            @Override
            public void process(Record<byte[], byte[]> r) {
                ctx.forward(r);
                count.incrementAndGet();
            }
        }, "in");
        t.addSink("out", output, new ByteArraySerializer(), new ByteArraySerializer(), "copy");
        var props = StreamsConfigFactory.build(cfg);
        props.put("application.id", applicationId);
        props.put("state.dir", stateDir.toString());
        streams = new KafkaStreams(t, props);
        streams.start();
    }

    long count() {
        return count.get();
    }

    boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    String applicationId() {
        return applicationId;
    }

    /** Waits until RUNNING (every task assigned and restored); false on timeout. */
    boolean awaitRunning(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return running();
    }

    @Override
    public void close() {
        streams.close();
    }
}
