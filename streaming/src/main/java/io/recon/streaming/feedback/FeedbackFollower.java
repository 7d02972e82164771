package io.recon.streaming.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.recon.schemas.Json;
import io.recon.streaming.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the feedback topic from the scorer's start on (verdicts given earlier are already in the calibration
 * the scorer restored) and puts each verdict in the {@link FeedbackLog}, a false positive with the scores of the
 * alerts it names: the firing records and the episodes' peaks found on the alerts topic (read from its beginning:
 * alerts are few), over their thresholds. Counted in {@code recon_feedback_total{verdict,model,key}}.
 */
public final class FeedbackFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackFollower.class);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final MeterRegistry registry;

    public FeedbackFollower(String bootstrap, Map<String, String> kafka, String topic, String alertsTopic, FeedbackLog log,
            MeterRegistry registry) {
        this.registry = registry;
        Map<String, Object> cfg = new HashMap<>(kafka);
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        thread = new Thread(() -> run(cfg, topic, alertsTopic, log), "recon-feedback");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Map<String, Object> cfg, String topic, String alertsTopic, FeedbackLog log) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = Topics.awaitPartitions(c, topic, running);
            c.assign(parts);
            c.seekToEnd(parts);
            parts.forEach(c::position); // fix the start now: verdicts written from here on are new
            LOG.info("following operator feedback on {}", topic);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    Feedback f;
                    try {
                        f = Feedback.fromJson(r.value());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("{}/{}@{} is not feedback, ignored: {}", topic, r.partition(), r.offset(), e.getMessage());
                        continue;
                    }
                    if (f.verdict() == Feedback.Verdict.FALSE_POSITIVE) {
                        f = f.withRatios(ratios(cfg, alertsTopic, f));
                    }
                    // per key too: verdicts come from people, so their keys are few
                    Counter.builder("recon.feedback").tag("verdict", f.verdict().id())
                            .tag("model", f.model().isEmpty() ? "any" : f.model()).tag("key", f.key())
                            .description("Operator verdicts on alerts").register(registry).increment();
                    LOG.info("feedback: {}'s alerts from {} to {} are {}{}", f.key(), java.time.Instant.ofEpochMilli(f.fromMs()),
                            java.time.Instant.ofEpochMilli(f.toMs()), f.verdict().id(),
                            f.verdict() == Feedback.Verdict.FALSE_POSITIVE ? " (" + f.ratios().length + " alert scores "
                                    + "join its calibration)" : "");
                    log.add(f);
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("feedback topic {} follower stopped: {}", topic, e.toString());
        }
    }

    /** The scores over threshold of the alerts the feedback names: firing records and episode peaks. */
    static double[] ratios(Map<String, Object> cfg, String alertsTopic, Feedback f) {
        List<Double> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(alertsTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(alertsTopic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        JsonNode a = Json.mapper().readTree(r.value());
                        double threshold = a.path("threshold").asDouble(Double.NaN);
                        if (!(threshold > 0)) {
                            continue;
                        }
                        long started = a.path("episode").path("started").asLong(a.path("timestamp").asLong());
                        if (!f.covers(a.path("key").asText(), a.path("model").asText(), started)) {
                            continue;
                        }
                        if ("firing".equals(a.path("status").asText())) {
                            out.add(a.path("score").asDouble() / threshold);
                        } else if (a.path("episode").path("peak_score").isNumber()) {
                            out.add(a.path("episode").path("peak_score").asDouble() / threshold);
                        }
                    } catch (Exception notAnAlert) {
                        // not ours
                    }
                }
            }
        }
        return out.stream().filter(d -> d > 0 && Double.isFinite(d)).mapToDouble(Double::doubleValue).toArray();
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
