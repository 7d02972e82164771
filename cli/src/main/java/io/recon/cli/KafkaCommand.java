package io.recon.cli;

import io.recon.testkit.EmbeddedKafka;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a single-node Kafka broker on 127.0.0.1 in the foreground.",
                "",
                "A real Apache Kafka broker (KRaft) until stopped (Ctrl-C), for trying Recon on your own data; "
                        + "not for production. Like a default broker, it creates a topic (one partition) when a client first "
                        + "writes to it, so Telegraf, the Prometheus adapters and the OpenTelemetry Collector can write "
                        + "without creating theirs first (--no-auto-create-topics turns that off).",
                ""})
final class KafkaCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", paramLabel = "P", description = "Broker port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Data directory, kept after stopping (default: a temporary directory, removed on exit).")
    Path dir;

    @Option(names = "--auto-create-topics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create topics on first use (default on).")
    boolean autoCreateTopics;

    @Override
    public Integer call() throws Exception {
        boolean temporary = dir == null;
        Path data = temporary ? Files.createTempDirectory("recon-kafka-") : dir;
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(data, temporary, port, autoCreateTopics);
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("Address already in use") || e.getCause() instanceof BindException) {
                throw new UserException("port " + port + " is in use; pick another with --port");
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("recon kafka: stopping");
            kafka.close();
            stopped.countDown();
        }, "recon-kafka-stop"));
        System.out.println("recon kafka: broker running at " + kafka.bootstrapServers() + " (data in " + data
                + (temporary ? ", removed on exit" : "") + "); Ctrl-C stops it");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
