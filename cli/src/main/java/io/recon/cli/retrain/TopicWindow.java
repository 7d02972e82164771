package io.recon.cli.retrain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the records a topic received since a point in time, up to its end when the read started. */
public final class TopicWindow {
    private TopicWindow() {}

    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, Map<String, String> kafka, String topic, long sinceMillis) {
        Map<String, Object> cfg = new HashMap<>(kafka);
        cfg.put("bootstrap.servers", bootstrap);
        cfg.put("enable.auto.commit", false);
        cfg.put("isolation.level", "read_committed");
        cfg.put("max.partition.fetch.bytes", 64 << 20);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(p -> query.put(p, sinceMillis));
            Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(query, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition p : parts) {
                OffsetAndTimestamp o = start.get(p);
                long from = o == null ? end.get(p) : o.offset();
                c.seek(p, from);
                if (from < end.get(p)) {
                    remaining.put(p, end.get(p));
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    Long stop = remaining.get(p);
                    if (stop != null && r.offset() < stop) {
                        out.add(r);
                    }
                }
                for (TopicPartition p : new ArrayList<>(remaining.keySet())) {
                    if (c.position(p) >= remaining.get(p)) {
                        remaining.remove(p);
                    }
                }
            }
        }
        return out;
    }

    /** The latest value per key of a (compacted) topic. */
    static Map<String, byte[]> latestByKey(String bootstrap, Map<String, String> kafka, String topic) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(bootstrap, kafka, topic, 0L)) {
            if (r.key() != null && r.value() != null) {
                latest.remove(new String(r.key(), StandardCharsets.UTF_8));
                latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
            }
        }
        return latest;
    }
}
