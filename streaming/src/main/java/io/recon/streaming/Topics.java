package io.recon.streaming;

import io.recon.streaming.config.ServeConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The topics the scorer reads and writes: created at start when missing, ready before the first record. */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
    /** Topics Recon creates accept records up to 4 MiB, so that oversized input reaches the scorer's own check. */
    static final int TOPIC_MAX_MESSAGE_BYTES = 4 << 20;

    private Topics() {}

    /** The service's admin client settings: its Kafka settings, its bootstrap, calls bounded at 30 s. */
    private static Map<String, Object> admin(ServeConfig config) {
        Map<String, Object> admin = new HashMap<>(config.kafka());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000); // the client refuses less than request.timeout.ms
        return admin;
    }

    /** Creates missing input and output topics (partitions from the config, records up to 4 MiB). */
    static void ensure(ServeConfig config) throws IOException {
        try (Admin a = Admin.create(admin(config))) {
            Set<String> existing = a.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            List<String> wanted = new ArrayList<>(config.inputTopics());
            wanted.addAll(List.of(config.scoresTopic(), config.alertsTopic(), config.dlqTopic()));
            if (!config.modelTopic().isEmpty() && !existing.contains(config.modelTopic())) {
                missing.add(modelTopic(config.modelTopic()));
            }
            if (!config.feedbackTopic().isEmpty() && !existing.contains(config.feedbackTopic())) {
                missing.add(feedbackTopic(config.feedbackTopic()));
            }
            if (!config.maintenanceTopic().isEmpty() && !existing.contains(config.maintenanceTopic())) {
                missing.add(maintenanceTopic(config.maintenanceTopic()));
            }
            for (String t : wanted) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, java.util.Optional.of(config.topicPartitions()), java.util.Optional.empty())
                            .configs(Map.of("max.message.bytes", Integer.toString(TOPIC_MAX_MESSAGE_BYTES))));
                }
            }
            if (!missing.isEmpty()) {
                a.createTopics(missing).all().get();
                awaitServed(a, missing.stream().map(NewTopic::name).toList());
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IOException("cannot create topics on " + config.bootstrap() + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        }
    }

    /**
     * The most partitions any input topic has (the scoring tasks' count, the shipper formats' repartition topic
     * included), or 0 when they cannot be described now (the fleet's key count then counts this instance's keys).
     */
    static int inputPartitions(ServeConfig config) {
        try (Admin a = Admin.create(admin(config))) {
            int most = 0;
            for (var d : a.describeTopics(config.inputTopics()).allTopicNames().get().values()) {
                most = Math.max(most, d.partitions().size());
            }
            return most;
        } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
            LOG.info("cannot count the input partitions ({}); the fleet's keys are counted on this instance only",
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Waits (up to 30 s) until the brokers serve every partition of freshly created topics: producing
     * before that meets NOT_LEADER_OR_FOLLOWER errors and needless retries.
     */
    private static void awaitServed(Admin a, List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> query = new HashMap<>();
                for (var d : a.describeTopics(topics).allTopicNames().get().values()) {
                    for (var p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) {
                            throw new java.util.concurrent.ExecutionException("no leader yet", null);
                        }
                        query.put(new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                                org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                }
                a.listOffsets(query).all().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                Thread.sleep(50);
            }
        }
        LOG.warn("topics {} are not served after 30 s; going on", topics);
    }

    /**
     * Creates {@code topic} with these client settings unless it exists (another client creating it meanwhile is
     * fine), then waits until the broker serves its partitions; true when this call created it.
     *
     * @throws IOException "cannot create topic T: why"
     */
    public static boolean createIfMissing(Map<String, Object> clientConfig, NewTopic topic) throws IOException {
        try (Admin a = Admin.create(clientConfig)) {
            if (a.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic.name())) {
                return false;
            }
            boolean created = true;
            try {
                a.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IOException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
                }
                created = false;
            }
            awaitServed(a, List.of(topic.name()));
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topic " + topic.name(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot list topics: " + e, e);
        }
    }

    /**
     * The partitions of {@code topic}, asked for again (5 s at a time) while it does not exist yet and
     * {@code running} holds; empty once stopped. For the followers of Recon's own topics, which may be created
     * after the follower starts.
     */
    public static List<TopicPartition> awaitPartitions(Consumer<?, ?> c, String topic, AtomicBoolean running) {
        List<TopicPartition> parts = List.of();
        while (running.get() && parts.isEmpty()) {
            parts = c.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
        }
        return parts;
    }

    /** The topic of operators' verdicts: one partition (verdicts are few; every scorer reads them all). */
    public static NewTopic feedbackTopic(String name) {
        return new NewTopic(name, java.util.Optional.of(1), java.util.Optional.empty());
    }

    /** A compacted topic of maintenance windows, keyed by window id. */
    public static NewTopic maintenanceTopic(String name) {
        return new NewTopic(name, java.util.Optional.of(1), java.util.Optional.empty()).configs(Map.of("cleanup.policy",
                "compact"));
    }

    /** A compacted topic keyed by model name, accepting models up to 64 MiB. */
    public static NewTopic modelTopic(String name) {
        return new NewTopic(name, java.util.Optional.of(1), java.util.Optional.empty()).configs(Map.of("cleanup.policy",
                "compact", "max.message.bytes", Integer.toString(64 << 20)));
    }

}
