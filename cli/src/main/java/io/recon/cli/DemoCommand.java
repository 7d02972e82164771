package io.recon.cli;

import io.recon.cli.demo.DemoOptions;
import io.recon.cli.demo.DemoRunner;
import io.recon.schemas.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"See Recon work in a minute, with nothing to install.",
                "",
                "Starts a real Kafka broker in this process (127.0.0.1, temporary directory), generates a fleet "
                        + "of hosts with 8 correlated server metrics and daily patterns, trains a model on a normal "
                        + "period, serves it, streams the rest with injected anomalies (spikes, level shifts, slow drifts, "
                        + "broken correlations, stuck sensors) and shows alerts live. Ends with precision, recall and "
                        + "detection delay; the last stdout line is JSON. Ctrl-C stops everything and removes the "
                        + "temporary files.",
                ""})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "60", paramLabel = "S", description = "Seconds to stream (default ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "R", description = "Records per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--model", defaultValue = "dense-ae", paramLabel = "KIND",
            description = "dense-ae or conv-ae (windows of 8) (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--data", paramLabel = "FILE", description = "Replay this CSV instead of the generator (train on its first 40 %%).")
    Path data;

    @Option(names = "--label-column", paramLabel = "NAME", description = "With --data: label column to score the alerts against.")
    String labelColumn;

    @Option(names = "--normal-label", paramLabel = "V", description = "With --data: the normal label (default 0).")
    String normalLabel;

    @Option(names = "--metrics-port", defaultValue = "9464", paramLabel = "P",
            description = "Port of /metrics while the demo runs (default ${DEFAULT-VALUE}; 0 = any free port).")
    int metricsPort;

    @Option(names = "--hosts", defaultValue = "20", paramLabel = "N", description = "Hosts in the generated fleet (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "S", description = "Seed of the generator and the training (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", description = "Show the full log on stderr (Kafka's broker and client warnings too); by "
            + "default the demo shows Recon's own lines and only errors from the libraries.")
    boolean verbose;

    /**
     * The demo's log: Recon's own lines. The clients warn about things a newcomer can do nothing about (a network
     * client closed twice at shutdown, ...), so libraries log errors only; the embedded broker's own logs are off
     * (it logs the retriable rejections of exactly-once producers' first batches, KAFKA-18202, at ERROR).
     * Recon's logger keeps its level; {@code --verbose} keeps everything.
     */
    static void quietLibraries() {
        Map<String, org.apache.logging.log4j.Level> levels = new java.util.HashMap<>();
        levels.put(org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.ERROR);
        // configured on its own in log4j2.xml (a burst filter), so the root's level does not reach it
        levels.put("org.apache.kafka.clients.NetworkClient", org.apache.logging.log4j.Level.ERROR);
        for (String broker : List.of("kafka", "org.apache.kafka.server", "org.apache.kafka.storage", "org.apache.kafka.raft",
                "org.apache.kafka.controller", "org.apache.kafka.metadata", "org.apache.kafka.coordinator",
                "org.apache.kafka.image", "state.change.logger")) {
            levels.put(broker, org.apache.logging.log4j.Level.OFF);
        }
        org.apache.logging.log4j.core.config.Configurator.setLevel(levels);
    }

    @Override
    public Integer call() throws Exception {
        if (!verbose && System.getenv("RECON_ROOT_LOG_LEVEL") == null) {
            quietLibraries();
        }
        DemoOptions options = new DemoOptions(duration, rate, model, data, labelColumn, normalLabel, metricsPort, hosts, seed);
        DemoRunner runner = new DemoRunner(options, System.out);
        Thread cleanup = new Thread(() -> {
            runner.stop();
            runner.close();
        }, "recon-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Map<String, Object> summary = runner.run(new ProgressBar(System.err, System.console() != null, false));
            runner.close();
            System.out.println(Json.mapper().writeValueAsString(summary));
            return 0;
        } finally {
            runner.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }
}
