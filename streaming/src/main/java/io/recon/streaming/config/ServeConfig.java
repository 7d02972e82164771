package io.recon.streaming.config;

import io.recon.streaming.pipeline.PipelineConfig;
import io.recon.streaming.pipeline.Routes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code recon serve} needs; validated on construction. See {@link ConfigLoader} for
 * where each value comes from and {@code docs/CONFIGURATION.md} for the reference.
 *
 * @param kafka Kafka client settings passed through untouched (TLS, SASL, tuning)
 */
public record ServeConfig(
        String bootstrap,
        Path modelDir,
        List<String> inputTopics,
        String scoresTopic,
        String alertsTopic,
        String dlqTopic,
        String applicationId,
        String processingGuarantee,
        int batchSize,
        long batchWaitMs,
        String metricsHost,
        int metricsPort,
        long alertCooldownMs,
        int alertMinAnomalies,
        int topFeatures,
        int maxRecordBytes,
        int dlqMaxBytes,
        Path stateDir,
        int streamThreads,
        boolean cuda,
        boolean createTopics,
        int topicPartitions,
        long commitIntervalMs,
        String modelTopic,
        long modelPollMs,
        List<Path> extraModelDirs,
        String routeBy,
        String routeField,
        String routeRules,
        String routeFallback,
        Map<String, String> kafka) {

    public static final List<String> GUARANTEES = List.of("exactly_once_v2", "at_least_once");
    public static final List<String> ROUTES = List.of("none", "key", "topic", "field");

    public ServeConfig {
        require(bootstrap != null && !bootstrap.isBlank(), "bootstrap servers are required (--bootstrap HOST:PORT)");
        modelTopic = modelTopic == null ? "" : modelTopic.trim();
        require(modelDir != null || !modelTopic.isEmpty(), "a model is required (--model DIR or --model-topic TOPIC)");
        require(modelPollMs >= 100, "model poll interval must be >= 100 ms");
        extraModelDirs = extraModelDirs == null ? List.of() : List.copyOf(extraModelDirs);
        require(ROUTES.contains(routeBy), "recon.route.by must be one of " + ROUTES + ", got " + routeBy);
        require(!"field".equals(routeBy) || routeField != null && !routeField.isBlank(),
                "recon.route.by=field needs recon.route.field");
        routeRules = routeRules == null ? "" : routeRules.trim();
        routeFallback = routeFallback == null ? "" : routeFallback.trim();
        Routes.parse(routeBy, routeField, routeRules, routeFallback); // a bad rule fails here, before anything starts
        require(inputTopics != null && !inputTopics.isEmpty() && inputTopics.stream().noneMatch(String::isBlank),
                "at least one input topic is required");
        inputTopics = List.copyOf(inputTopics);
        for (String t : List.of(scoresTopic, alertsTopic, dlqTopic)) {
            require(t != null && !t.isBlank(), "output topic names must not be empty");
            require(!inputTopics.contains(t), "output topic " + t + " is also an input topic");
        }
        require(applicationId != null && !applicationId.isBlank(), "application id must not be empty");
        require(GUARANTEES.contains(processingGuarantee), "processing guarantee must be one of " + GUARANTEES
                + ", got " + processingGuarantee);
        require(batchSize >= 1 && batchSize <= 65536, "batch size must be 1..65536, got " + batchSize);
        require(batchWaitMs >= 1 && batchWaitMs <= 60_000, "batch wait must be 1..60000 ms, got " + batchWaitMs);
        require(metricsPort >= 0 && metricsPort <= 65535, "metrics port must be 0..65535 (0 = any free port)");
        require(alertCooldownMs >= 0, "alert cooldown must be >= 0 ms");
        require(alertMinAnomalies >= 1, "alert min anomalies must be >= 1");
        require(topFeatures >= 1, "top features must be >= 1");
        require(maxRecordBytes >= 64, "max record bytes must be >= 64");
        require(dlqMaxBytes >= 64, "dead-letter max bytes must be >= 64");
        require(stateDir != null, "state directory is required");
        require(streamThreads >= 1 && streamThreads <= 64, "stream threads must be 1..64");
        require(topicPartitions >= 1, "topic partitions must be >= 1");
        require(commitIntervalMs >= 1, "commit interval must be >= 1 ms");
        kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The scoring pipeline's part of the configuration. */
    public PipelineConfig pipeline() {
        return new PipelineConfig(batchSize, batchWaitMs, maxRecordBytes, topFeatures, alertCooldownMs, alertMinAnomalies,
                Routes.parse(routeBy, routeField, routeRules, routeFallback));
    }

    public boolean exactlyOnce() {
        return processingGuarantee.equals("exactly_once_v2");
    }
}
