package io.recon.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this JVM, bound to
 * 127.0.0.1 on free ports, storing its log in a temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** Largest record the broker and its topics accept by default (room for 1 MB test payloads). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final Path dir;
    private final boolean deleteOnClose;
    private final int port;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dir, boolean deleteOnClose, int port, KafkaRaftServer server) {
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.server = server;
    }

    /** Starts a broker in a fresh temporary directory on free ports. */
    public static EmbeddedKafka start() throws IOException {
        return start(Files.createTempDirectory("recon-kafka-"), true, 0);
    }

    /**
     * Starts a broker storing its data in {@code dir}; {@code port} 0 picks a free one.
     *
     * @param deleteOnClose remove {@code dir} when the broker stops
     */
    public static EmbeddedKafka start(Path dir, boolean deleteOnClose, int port) throws IOException {
        return start(dir, deleteOnClose, port, false);
    }

    /**
     * As above; {@code autoCreateTopics} makes the broker create a topic (one partition, Kafka's default) when a
     * client first produces to it or asks for its metadata, as metric shippers expect of a default broker. Tests
     * create their topics explicitly and leave it off.
     */
    public static EmbeddedKafka start(Path dir, boolean deleteOnClose, int port, boolean autoCreateTopics) throws IOException {
        try {
            return startIn(dir, deleteOnClose, port, autoCreateTopics);
        } catch (IOException | RuntimeException e) {
            if (deleteOnClose) {
                TempDirs.delete(dir);
            }
            throw e;
        }
    }

    private static EmbeddedKafka startIn(Path dir, boolean deleteOnClose, int port, boolean autoCreateTopics)
            throws IOException {
        int brokerPort = port > 0 ? port : freePort();
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        props.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        Path config = dir.resolve("server.properties");
        Files.createDirectories(dir);
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "Recon embedded Kafka");
        }
        ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", clusterId(dir.resolve("logs")), "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(formatLog, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IOException("formatting Kafka storage failed: " + formatLog.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(dir, deleteOnClose, brokerPort, server);
    }

    /**
     * The cluster id of the data already in {@code logDir} (a restart on the same directory must present the id
     * its storage was formatted with, or the broker refuses to start), or a new one for an empty directory.
     */
    static String clusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(meta)) {
                p.load(in);
            }
            String id = p.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                return id.trim();
            }
        }
        return Uuid.randomUuid().toString();
    }

    /** A free TCP port on 127.0.0.1 (for a broker that must come back on the same port after a restart). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dir;
    }

    /** Creates topics (replication 1) that accept records up to {@link #MAX_MESSAGE_BYTES}. */
    public void createTopics(int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES)))).toList();
            admin.createTopics(topics).all().get();
        }
    }

    /** Waits until every partition of the topics has a leader (fresh topics take a moment). */
    public void awaitLeaders(Duration timeout, String... topics) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            while (true) {
                try {
                    var descriptions = admin.describeTopics(List.of(topics)).allTopicNames().get().values();
                    boolean ready = descriptions.stream().flatMap(d -> d.partitions().stream())
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    if (ready) {
                        // the controller has elected leaders; the broker serves a partition once it has applied
                        // that metadata, which a ListOffsets request to every partition proves
                        Map<TopicPartition, OffsetSpec> query =
                                new HashMap<>();
                        for (var d : descriptions) {
                            for (var p : d.partitions()) {
                                query.put(new TopicPartition(d.name(), p.partition()),
                                        OffsetSpec.latest());
                            }
                        }
                        admin.listOffsets(query).all().get();
                        return;
                    }
                } catch (ExecutionException e) {
                    // not created or not served yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + List.of(topics) + " have no leaders after " + timeout);
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            TempDirs.delete(dir);
        }
    }
}
