package io.recon.streaming;

import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.topology.InputProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input partitions' end offsets (read_committed) and the scorer group's committed offsets, looked up every
 * second by one daemon thread with an admin client, for the decoding tasks of shipper formats to tell when they
 * have read everything ({@link InputProgress}). Lookups that fail leave the last known values (and none at first).
 */
final class InputOffsets implements InputProgress, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InputOffsets.class);
    private static final long PERIOD_MS = 1_000L;

    private final Admin admin;
    private final List<String> topics;
    private final String group;
    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    /** When (wall clock) the ends in {@link #ends} were asked for. */
    private volatile long endsAskedAt = Long.MIN_VALUE;
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    InputOffsets(ServeConfig config, List<String> topics) {
        Map<String, Object> cfg = new HashMap<>(config.kafka());
        cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        cfg.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        cfg.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(cfg);
        this.topics = List.copyOf(topics);
        this.group = config.applicationId();
        this.thread = new Thread(this::run, "recon-input-offsets");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                refresh();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.debug("input offsets not refreshed: {}", e.toString());
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void refresh() throws Exception {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> query.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        long askedAt = System.currentTimeMillis();
        admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        endsAskedAt = askedAt;
        Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        c.forEach((tp, om) -> {
            if (om != null) {
                committed.put(tp, om.offset());
            }
        });
    }

    @Override
    public long endOffset(String topic, int partition, long askedAfterMs) {
        return endsAskedAt < askedAfterMs ? -1 : ends.getOrDefault(new TopicPartition(topic, partition), -1L);
    }

    @Override
    public long committedOffset(String topic, int partition) {
        return committed.getOrDefault(new TopicPartition(topic, partition), -1L);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
