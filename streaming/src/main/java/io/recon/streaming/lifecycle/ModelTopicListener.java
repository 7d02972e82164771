package io.recon.streaming.lifecycle;

import io.recon.streaming.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted model topic (key = model name, value = the ONNX file with its contract) from
 * its beginning and offers every model version to the {@link ModelSwapper}. Every instance sees every version: each
 * is the only member of a consumer group of its own ({@link #GROUP_PREFIX} and a random id; nothing is committed),
 * which is how {@code recon publish} can tell whether any running scorer follows the topic it wrote to. (With ACLs,
 * the scorer needs READ on groups with that prefix.)
 */
public final class ModelTopicListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicListener.class);

    /** The consumer groups of model-topic followers start with this. */
    public static final String GROUP_PREFIX = "recon-model-follower-";

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public ModelTopicListener(String bootstrap, Map<String, String> kafka, String topic, ModelSwapper swapper) {
        Map<String, Object> cfg = new HashMap<>(kafka);
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID());
        cfg.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // nothing committed: always from the beginning
        cfg.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 << 20);
        cfg.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        thread = new Thread(() -> run(cfg, topic, swapper), "recon-model-topic");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Map<String, Object> cfg, String topic, ModelSwapper swapper) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = Topics.awaitPartitions(c, topic, running);
            c.subscribe(List.of(topic));
            LOG.info("following model topic {} ({} partitions)", topic, parts.size());
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    swapper.offer(r.value(), topic + "/" + r.partition() + "@" + r.offset());
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("model topic {} listener stopped: {}", topic, e.toString());
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
