package io.recon.streaming.maintenance;

import io.recon.streaming.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted maintenance topic from its beginning (every instance sees every window, no consumer group)
 * and keeps {@link Maintenance} up to date: a record adds or replaces its window, a tombstone removes it, a record
 * that is not a window is logged and ignored.
 */
public final class MaintenanceFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceFollower.class);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread thread;

    public MaintenanceFollower(String bootstrap, Map<String, String> kafka, String topic, Maintenance maintenance) {
        Map<String, Object> cfg = new HashMap<>(kafka);
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        thread = new Thread(() -> run(cfg, topic, maintenance), "recon-maintenance");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Map<String, Object> cfg, String topic, Maintenance maintenance) {
        Map<String, MaintenanceWindow> windows = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = Topics.awaitPartitions(c, topic, running);
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            LOG.info("following maintenance windows on {}", topic);
            while (running.get()) {
                if (loaded.getCount() > 0 && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    loaded.countDown(); // every window written before the start is known
                }
                boolean changed = false;
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        changed |= windows.remove(id) != null;
                        continue;
                    }
                    try {
                        MaintenanceWindow w = MaintenanceWindow.fromJson(r.value());
                        windows.put(w.id(), w);
                        changed = true;
                        LOG.info("maintenance window {}: keys {} from {} to {}{}", w.id(), w.keys(),
                                Instant.ofEpochMilli(w.fromMs()), Instant.ofEpochMilli(w.toMs()),
                                w.reason().isEmpty() ? "" : " (" + w.reason() + ")");
                    } catch (IllegalArgumentException e) {
                        LOG.warn("{} at {}/{}@{} is not a maintenance window, ignored: {}", id, topic, r.partition(),
                                r.offset(), e.getMessage());
                    }
                }
                if (changed) {
                    maintenance.set(windows.values());
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("maintenance topic {} follower stopped: {}", topic, e.toString());
        }
    }

    /** Waits (up to {@code timeout}) until the windows written before the start are known; false if not yet. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
