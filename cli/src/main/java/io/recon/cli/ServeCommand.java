package io.recon.cli;

import io.recon.streaming.ReconService;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ServeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score records from Kafka with a trained model, all day.", "",
                "Reads JSON input records, scores them in micro-batches with ONNX Runtime and publishes scored",
                "records, alerts (with the features that contributed most) and dead letters (with the reason).",
                "Serves /metrics (Prometheus), /health and /ready.", "",
                "Settings come from, in increasing precedence: defaults, --config FILE, environment variables",
                "(RECON_BATCH_SIZE, RECON_KAFKA_SECURITY_PROTOCOL, ...), flags. Keys in FILE that do not start",
                "with 'recon.' are Kafka client settings passed through untouched (TLS, SASL). See docs/CONFIGURATION.md.", ""},
        footer = {"", "Example:", "  recon serve --bootstrap 127.0.0.1:9092 --model models/thyroid --metrics-port 9464"})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (model.onnx with its contract); watched: a new version is validated and swapped in.")
    Path model;

    @Option(names = "--model-topic", paramLabel = "TOPIC",
            description = "Follow this compacted model topic (e.g. recon.models) and swap in new versions without a restart.")
    String modelTopic;

    @Option(names = "--models", paramLabel = "DIR1,DIR2", description = "Further models to serve (routed by --route-by).")
    String models;

    @Option(names = "--route-by", paramLabel = "WHAT", description = "Route records to models by key, topic or field (default none: all to the first model).")
    String routeBy;

    @Option(names = "--route-field", paramLabel = "NAME", description = "With --route-by field: the JSON field whose string value routes.")
    String routeField;

    @Option(names = "--route-rules", paramLabel = "RULES",
            description = "pattern=model;pattern=model (regular expressions for key and field, topic names for topic).")
    String routeRules;

    @Option(names = "--route-fallback", paramLabel = "MODEL",
            description = "Model for records no rule matches, for keys without one of their own (default: the first model; none: dead-letter them).")
    String routeFallback;

    @Option(names = "--model-poll-ms", paramLabel = "MS", description = "How often --model DIR is checked for a new version (default 2000).")
    Long modelPollMs;

    @Option(names = "--metrics-port", paramLabel = "P", description = "HTTP port for /metrics, /health, /ready (default 9464; 0 = any free port).")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", description = "HTTP bind address (default 127.0.0.1).")
    String metricsHost;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with recon.* settings and Kafka client settings.")
    Path configFile;

    @Option(names = "--input-topics", paramLabel = "T1,T2", description = "Input topics (default recon.records).")
    String inputTopics;

    @Option(names = "--scores-topic", paramLabel = "T", description = "Scored records topic (default recon.scores).")
    String scoresTopic;

    @Option(names = "--alerts-topic", paramLabel = "T", description = "Alerts topic (default recon.alerts).")
    String alertsTopic;

    @Option(names = "--dlq-topic", paramLabel = "T", description = "Dead-letter topic (default recon.dlq).")
    String dlqTopic;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id = consumer group (default recon-scorer).")
    String applicationId;

    @Option(names = "--processing-guarantee", paramLabel = "G", description = "exactly_once_v2 (default) or at_least_once.")
    String guarantee;

    @Option(names = "--batch-size", paramLabel = "N", description = "Largest inference batch (default 256).")
    Integer batchSize;

    @Option(names = "--batch-wait-ms", paramLabel = "MS", description = "Longest a record waits for its batch (default 5).")
    Long batchWaitMs;

    @Option(names = "--alert-cooldown-ms", paramLabel = "MS", description = "Quiet time before a firing key resolves (default 60000).")
    Long cooldown;

    @Option(names = "--alert-min-anomalies", paramLabel = "N", description = "Consecutive anomalous records before a key fires (default 1).")
    Integer minAnomalies;

    @Option(names = "--top-features", paramLabel = "K", description = "Features listed per alert (default 3).")
    Integer topFeatures;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory.")
    Path stateDir;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads (default 1).")
    Integer threads;

    @Option(names = "--cuda", description = "Score with the CUDA execution provider when available.")
    boolean cuda;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting, passed through (repeatable).")
    Map<String, String> kafka = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        ServeConfig config = ConfigLoader.load(flags(), System.getenv(), configFile);
        ReconService service = ReconService.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("recon: stopping...");
            service.close();
            stopped.countDown();
        }, "recon-shutdown"));
        System.err.printf("recon: serving %s version %s; metrics on http://%s:%d/metrics (Ctrl-C stops)%n",
                service.models().get().contract().modelName(), service.models().get().contract().modelVersion(),
                config.metricsHost(), service.metricsPort());
        stopped.await();
        return 0;
    }

    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "recon.bootstrap", bootstrap);
        put(f, "recon.model.dir", model);
        put(f, "recon.metrics.port", metricsPort);
        put(f, "recon.model.topic", modelTopic);
        put(f, "recon.model.poll.ms", modelPollMs);
        put(f, "recon.models", models);
        put(f, "recon.route.by", routeBy);
        put(f, "recon.route.field", routeField);
        put(f, "recon.route.rules", routeRules);
        put(f, "recon.route.fallback", routeFallback);
        put(f, "recon.metrics.host", metricsHost);
        put(f, "recon.input.topics", inputTopics);
        put(f, "recon.scores.topic", scoresTopic);
        put(f, "recon.alerts.topic", alertsTopic);
        put(f, "recon.dlq.topic", dlqTopic);
        put(f, "recon.application.id", applicationId);
        put(f, "recon.processing.guarantee", guarantee);
        put(f, "recon.batch.size", batchSize);
        put(f, "recon.batch.wait.ms", batchWaitMs);
        put(f, "recon.alert.cooldown.ms", cooldown);
        put(f, "recon.alert.min.anomalies", minAnomalies);
        put(f, "recon.alert.top.features", topFeatures);
        put(f, "recon.state.dir", stateDir);
        put(f, "recon.stream.threads", threads);
        if (cuda) {
            f.put("recon.cuda", "true");
        }
        kafka.forEach((k, v) -> f.put("kafka." + k, v));
        return f;
    }

    private static void put(Map<String, String> f, String key, Object value) {
        if (value != null) {
            f.put(key, value.toString());
        }
    }
}
