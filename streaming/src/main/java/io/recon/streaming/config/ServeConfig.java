package io.recon.streaming.config;

import io.recon.schemas.contract.InputSpec;
import io.recon.streaming.ThreadReplacements;
import io.recon.streaming.alerting.AlertBudget;
import io.recon.streaming.alerting.FleetKeys;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.delivery.AlertmanagerConfig;
import io.recon.streaming.feedback.FeedbackLog;
import io.recon.streaming.input.AvroInput;
import io.recon.streaming.input.AvroSettings;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.maintenance.Maintenance;
import io.recon.streaming.pipeline.PipelineConfig;
import io.recon.streaming.registry.SchemaRegistry;
import io.recon.streaming.routing.Routes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Everything {@code recon serve} needs, parsed and validated by {@link ReconSettings#DEF} and then checked
 * across settings, all on construction (before anything starts). {@link ConfigLoader} says where the
 * values come from; docs/CONFIGURATION.md is the reference.
 */
public final class ServeConfig {
    public static final List<String> GUARANTEES = List.of("exactly_once_v2", "at_least_once");

    private final Map<String, Object> v;
    /** The maintenance windows known now: filled by the maintenance topic's follower, read by the scoring threads. */
    private final Maintenance maintenance;
    /** Operators' verdicts: filled by the feedback topic's follower, applied by the scoring threads. */
    private final FeedbackLog feedback;
    /** The keys each model scores across the service, for the fleet's alert budget (shared by the scoring tasks). */
    private final FleetKeys fleet;
    private final Map<String, String> given;
    private final Map<String, String> kafka;
    private final Routes routes;
    private final AlertBudget.Config budget;
    private final Map<String, String> formats;
    private final InputSettings input;
    private final AssemblyConfig assembly;

    /**
     * @param recon {@code recon.*} settings given explicitly (the rest take their defaults)
     * @param kafka Kafka client settings passed through untouched (TLS, SASL, tuning)
     * @throws IllegalArgumentException with a one-line message naming the setting
     */
    public ServeConfig(Map<String, String> recon, Map<String, String> kafka) {
        this(recon, kafka, new Maintenance(), new FeedbackLog(), new FleetKeys(), null);
    }

    /** @param registry the schema registry client to keep (one per service), or null for a new one if configured */
    private ServeConfig(Map<String, String> recon, Map<String, String> kafka, Maintenance maintenance,
            FeedbackLog feedback, FleetKeys fleet, SchemaRegistry registry) {
        this.maintenance = maintenance;
        this.fleet = fleet;
        this.feedback = feedback;
        try {
            this.v = ReconSettings.DEF.parse(recon);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.given = Map.copyOf(recon);
        this.kafka = Map.copyOf(kafka);
        require(!bootstrap().isBlank(), "bootstrap servers are required (--bootstrap HOST:PORT)");
        require(modelDir() != null || !modelTopic().isEmpty(), "a model is required (--model DIR or --model-topic TOPIC)");
        for (String t : List.of(scoresTopic(), alertsTopic(), dlqTopic())) {
            require(!inputTopics().contains(t), "output topic " + t + " is also an input topic");
        }
        try {
            this.formats = InputFormats.byTopic(string("recon.input.format"), inputTopics());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recon.input.format: " + e.getMessage(), e);
        }
        boolean avro = formats.containsValue(InputFormats.AVRO);
        InputOptions options = InputOptions.of(v, avro ? InputFormats.AVRO : InputFormats.RECON_JSON);
        AvroSettings a = options.settings().avro();
        // a stream waits for an unreachable registry for as long as it takes: no record is dropped for it
        this.input = options.settings().withAvro(new AvroSettings(a.keyField(), a.timestampField(),
                registry != null ? registry : a.registry(), Long.MAX_VALUE));
        this.assembly = options.assembly();
        this.routes = Routes.parse(routeBy(), string("recon.route.field"), string("recon.route.rules"), routeFallback());
        this.budget = new AlertBudget.Config((Double) v.get("recon.alert.false-alerts-per-key-per-day"),
                (Double) v.get("recon.alert.false-alerts-per-day"), integer("recon.alert.persistence.k"),
                integer("recon.alert.persistence.n"));
        alertmanager(); // a bad URL or auth stops the start with one line
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private String string(String key) {
        return ((String) v.get(key)).trim();
    }

    private int integer(String key) {
        return (Integer) v.get(key);
    }

    private long longValue(String key) {
        return (Long) v.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        return ((List<String>) v.get(key)).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The scoring pipeline's part of the configuration. */
    public PipelineConfig pipeline() {
        return new PipelineConfig(batchSize(), batchWaitMs(), maxRecordBytes(), topFeatures(), alertCooldownMs(),
                integer("recon.alert.cooldown.records"), alertMinAnomalies(), routes, budget, maintenance, feedback,
                new AvroInput(formats.entrySet().stream().filter(e -> e.getValue().equals(InputFormats.AVRO))
                        .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()), input.avro()), fleet);
    }

    public String bootstrap() {
        return string("recon.bootstrap");
    }

    /** The keys each model scores across the service (the service sets the partition count it scales by). */
    public FleetKeys fleet() {
        return fleet;
    }

    /** The maintenance windows the service knows (live; its follower fills it). */
    public Maintenance maintenance() {
        return maintenance;
    }

    /** Operators' verdicts received while the service runs (live; its follower fills it). */
    public FeedbackLog feedback() {
        return feedback;
    }

    /** The topic of operators' verdicts on alerts; empty = none followed. */
    public String feedbackTopic() {
        return string("recon.feedback.topic");
    }

    /** The compacted topic of maintenance windows; empty = none followed. */
    public String maintenanceTopic() {
        return string("recon.maintenance.topic");
    }

    /** Alert delivery to Alertmanager (off when no URL is set). */
    public AlertmanagerConfig alertmanager() {
        return alertmanager(v);
    }

    /** The same from settings parsed by {@link ReconSettings#DEF} (for {@code recon alerts}, which serves no model). */
    public static AlertmanagerConfig alertmanager(Map<String, Object> v) {
        List<URI> urls = ReconSettings.urls(v, "recon.alertmanager.url");
        String ca = ((String) v.get("recon.alertmanager.tls.ca")).trim();
        return new AlertmanagerConfig(urls, (String) v.get("recon.alertmanager.username"),
                ReconSettings.password(v, "recon.alertmanager.password"),
                ReconSettings.password(v, "recon.alertmanager.bearer.token"),
                ca.isBlank() ? null : Path.of(ca), (Boolean) v.get("recon.alertmanager.tls.insecure"),
                (String) v.get("recon.alertmanager.severity"), (String) v.get("recon.alertmanager.generator.url"),
                AssemblyConfig.parseDuration((String) v.get("recon.alertmanager.resend")), 10_000);
    }

    /** How long the service waits at start for Kafka to answer (recon.bootstrap.timeout). */
    public Duration bootstrapTimeout() {
        return Duration.ofMillis(AssemblyConfig.parseDuration(string("recon.bootstrap.timeout")));
    }

    public Path modelDir() {
        String d = string("recon.model.dir");
        return d.isEmpty() ? null : Path.of(d);
    }

    public String modelTopic() {
        return string("recon.model.topic");
    }

    public List<Path> extraModelDirs() {
        return list("recon.models").stream().map(Path::of).toList();
    }

    public String routeBy() {
        return string("recon.route.by");
    }

    public String routeFallback() {
        return string("recon.route.fallback");
    }

    public long modelPollMs() {
        return longValue("recon.model.poll.ms");
    }

    public List<String> inputTopics() {
        return list("recon.input.topics");
    }

    /**
     * This configuration with the input settings of a model's contract (how its training vectors were made from a
     * shipper format) wherever none was given: a model trained from a topic is served reading that topic's format
     * the same way. This itself when the contract has none or every such setting was given.
     */
    public ServeConfig withModelInput(InputSpec spec) {
        Map<String, String> implied = InputOptions.settingsOf(spec);
        implied.keySet().removeAll(given.keySet());
        if (implied.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(implied);
        merged.putAll(given);
        // the same live windows, verdicts and registry client
        return new ServeConfig(merged, kafka, maintenance, feedback, fleet, input.avro().registry());
    }

    /** The input format of each input topic. */
    public Map<String, String> inputFormats() {
        return formats;
    }

    /** The input topics of shipper formats, whose samples are assembled into vectors. */
    public List<String> shipperTopics() {
        return formats.entrySet().stream().filter(e -> InputFormats.perSample(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** How the shipper formats name entities and features (and avro finds keys, times and schemas). */
    public InputSettings inputSettings() {
        return input;
    }

    /** The schema registry client (avro input), or null when no registry is configured. */
    public SchemaRegistry schemaRegistry() {
        return input.avro().registry();
    }

    /** How shipper formats' samples become vectors. */
    public AssemblyConfig assembly() {
        return assembly;
    }

    public String scoresTopic() {
        return string("recon.scores.topic");
    }

    public String alertsTopic() {
        return string("recon.alerts.topic");
    }

    public String dlqTopic() {
        return string("recon.dlq.topic");
    }

    public String applicationId() {
        return string("recon.application.id");
    }

    public String processingGuarantee() {
        return string("recon.processing.guarantee");
    }

    public boolean exactlyOnce() {
        return processingGuarantee().equals("exactly_once_v2");
    }

    public int batchSize() {
        return integer("recon.batch.size");
    }

    public long batchWaitMs() {
        return longValue("recon.batch.wait.ms");
    }

    public long commitIntervalMs() {
        return longValue("recon.commit.interval.ms");
    }

    public String metricsHost() {
        return string("recon.metrics.host");
    }

    public int metricsPort() {
        return integer("recon.metrics.port");
    }

    public long alertCooldownMs() {
        return longValue("recon.alert.cooldown.ms");
    }

    public int alertMinAnomalies() {
        return integer("recon.alert.min.anomalies");
    }

    public int topFeatures() {
        return integer("recon.alert.top.features");
    }

    public int maxRecordBytes() {
        return integer("recon.max.record.bytes");
    }

    public int dlqMaxBytes() {
        return integer("recon.dlq.max.bytes");
    }

    public Path stateDir() {
        String d = string("recon.state.dir");
        return d.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "recon-streams") : Path.of(d);
    }

    public int streamThreads() {
        return integer("recon.stream.threads");
    }

    /** Failed stream threads replaced within {@link ThreadReplacements#WINDOW} before giving up. */
    public int threadReplacements() {
        return integer("recon.stream.thread.replacements");
    }

    public boolean cuda() {
        return (Boolean) v.get("recon.cuda");
    }

    public boolean createTopics() {
        return (Boolean) v.get("recon.topics.create");
    }

    public int topicPartitions() {
        return integer("recon.topics.partitions");
    }

    public Map<String, String> kafka() {
        return kafka;
    }
}
