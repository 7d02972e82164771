package io.recon.streaming.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.input.InputFormats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of {@code recon serve}, defined once: key, type, default, validator, command-line flag and
 * documentation. {@link #DEF} (Kafka's {@link ConfigDef}) parses and validates them; the {@code serve}
 * command's flags, the {@code RECON_*} environment variables and docs/CONFIGURATION.md's table
 * ({@link #markdownTable}) are all derived from this list.
 */
public final class ReconSettings {
    /** One setting; {@code flag} is null for settings only a file or the environment can set. */
    public record Setting(String key, Type type, Object defaultValue, Validator validator, ConfigDef.Importance importance,
            String flag, String doc) {
        /** The environment variable: upper case, {@code _} for {@code .} and {@code -}. */
        public String env() {
            return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    /** {@code recon.bootstrap.timeout}'s default, also the default of the other commands' {@code --bootstrap-timeout}. */
    public static final String BOOTSTRAP_TIMEOUT_DEFAULT = "10s";

    public static final List<Setting> ALL;
    public static final ConfigDef DEF;

    static {
        List<Setting> s = new ArrayList<>();
        s.add(new Setting("recon.bootstrap", Type.STRING, "", null, HIGH, "--bootstrap",
                "Kafka bootstrap servers (required; `bootstrap.servers` in a config file works too)."));
        s.add(new Setting("recon.bootstrap.timeout", Type.STRING, BOOTSTRAP_TIMEOUT_DEFAULT, new DurationValidator(1000), MEDIUM,
                "--bootstrap-timeout", "How long every command waits at start for Kafka to answer before it stops with one "
                        + "line naming the address and what to check (refused, unknown host, TLS or authentication failure). "
                        + "Raise it where the broker may start after Recon."));
        s.add(new Setting("recon.model.dir", Type.STRING, "", null, HIGH, "--model",
                "Model directory holding `model.onnx` (contract in its metadata); watched: a new version is validated and "
                        + "swapped in. This or a model topic is required."));
        s.add(new Setting("recon.model.topic", Type.STRING, "", null, MEDIUM, "--model-topic",
                "Compacted model topic to follow (e.g. `recon.models`); without a model directory, the first valid version "
                        + "on it is awaited (2 min). Each instance follows it as the one member of a consumer group of its own "
                        + "(`recon-model-follower-` and an id; nothing committed), which lets `recon publish` count the "
                        + "followers; with ACLs, allow READ on groups with that prefix."));
        s.add(new Setting("recon.models", Type.LIST, "", null, MEDIUM, "--models",
                "Further model directories served by the same instance (names from their contracts; must differ)."));
        s.add(new Setting("recon.route.by", Type.STRING, "none", ValidString.in("none", "key", "topic", "field"), MEDIUM,
                "--route-by", "Route records to models by `key`, `topic` or `field`; `none` sends all to the first model."));
        s.add(new Setting("recon.route.field", Type.STRING, "", null, LOW, "--route-field",
                "With `recon.route.by=field`: the top-level JSON field whose string value routes."));
        s.add(new Setting("recon.route.rules", Type.STRING, "", null, MEDIUM, "--route-rules",
                "`pattern=model;pattern=model`: regular expressions on the key or field value, exact names for topics; "
                        + "first match wins. Checked at start: a bad rule stops the service with a one-line error."));
        s.add(new Setting("recon.route.fallback", Type.STRING, "", null, LOW, "--route-fallback",
                "Model for records no rule matches (cold start for new keys); empty = the first model; `none` "
                        + "dead-letters them (`no_model`)."));
        s.add(new Setting("recon.model.poll.ms", Type.LONG, 2000L, Range.atLeast(100), LOW, "--model-poll-ms",
                "How often the model directory is checked for a new version."));
        s.add(new Setting("recon.input.topics", Type.LIST, "recon.records", new NonEmptyList(), HIGH, "--input-topics",
                "Comma-separated input topics."));
        s.add(new Setting("recon.input.format", Type.STRING, "recon-json", new InputFormatValidator(), HIGH, "--input-format",
                "How input records are written: `recon-json` (Recon's own records), `telegraf-json`, `influx-line` (Telegraf's "
                        + "two outputs), `prometheus-json` (prometheus-kafka-adapter), `otlp-json`, `otlp-proto` (the "
                        + "OpenTelemetry Collector's kafka exporter), `avro` (Confluent wire format, schemas from "
                        + "`recon.schema.registry.url`). `TOPIC=FORMAT,TOPIC=FORMAT` gives each input topic its "
                        + "own (topics not named read recon-json). The shipper formats carry samples, which are assembled "
                        + "into one vector per entity and step (the `recon.assembly.*` settings). A model trained from a "
                        + "topic keeps in its contract how it read it (format, labels, step, ...): unless set here, the "
                        + "scorer reads its input the same way."));
        s.add(new Setting("recon.input.entity.labels", Type.LIST, "", null, MEDIUM, "--entity-labels",
                "Shipper formats: the labels, tags or resource attributes whose values make an entity's key (joined with "
                        + "`,`); empty = the format's own: `host` (Telegraf), `instance` (Prometheus), `service.name,host.name` "
                        + "(OTLP). Samples with none of them take the Kafka record's key."));
        s.add(new Setting("recon.input.feature.labels", Type.LIST, "", null, MEDIUM, "--feature-labels",
                "Shipper formats: the labels kept in feature names beside the metric's name (`node_cpu_seconds_total{mode=\"user\"}`);"
                        + " empty = every label but the entity's, `none` = the metric's name alone. Series that then share "
                        + "a name are summed."));
        s.add(new Setting("recon.input.counters", Type.STRING, "rate", ValidString.in("rate", "raw"), MEDIUM, "--counters",
                "Shipper formats: `rate` turns cumulative counters (OTLP monotonic sums; Prometheus names ending in `_total`, "
                        + "`_count`, `_sum`, `_bucket`) into rates per second, named `rate(...)`; `raw` keeps their readings."));
        s.add(new Setting("recon.input.key.field", Type.STRING, "key", null, MEDIUM, "--key-field",
                "avro: the field whose value keys a record (a string, int or long; `a.b` for a nested one); records of a "
                        + "schema without it take the Kafka record's key."));
        s.add(new Setting("recon.input.timestamp.field", Type.STRING, "timestamp", null, MEDIUM, "--timestamp-field",
                "avro: the field of a record's event time (a long in epoch milliseconds, or a `timestamp-millis`/`-micros` "
                        + "logical type); records of a schema without it take the Kafka record's timestamp."));
        s.add(new Setting("recon.schema.registry.url", Type.LIST, "", null, MEDIUM, "--schema-registry-url",
                "avro: base URLs of a Confluent-compatible schema registry (Confluent's root, Apicurio's "
                        + "`http://HOST:8080/apis/ccompat/v7`), tried in turn. Schemas are fetched by id and cached; while "
                        + "the registry cannot be reached the stream waits and retries (`/health` says why, "
                        + "`recon_schema_registry_waiting` is 1): no record is dropped for it."));
        s.add(new Setting("recon.schema.registry.username", Type.STRING, "", null, LOW, "--schema-registry-username",
                "Schema registry basic auth user (with `recon.schema.registry.password`)."));
        s.add(new Setting("recon.schema.registry.password", Type.PASSWORD, "", null, LOW, "--schema-registry-password",
                "Schema registry basic auth password (better from the environment: `RECON_SCHEMA_REGISTRY_PASSWORD`)."));
        s.add(new Setting("recon.schema.registry.bearer.token", Type.PASSWORD, "", null, LOW, "--schema-registry-bearer-token",
                "Schema registry bearer token (better from the environment: `RECON_SCHEMA_REGISTRY_BEARER_TOKEN`)."));
        s.add(new Setting("recon.schema.registry.tls.ca", Type.STRING, "", null, LOW, "--schema-registry-tls-ca",
                "PEM file of the certificates to trust for an https registry; empty = the JVM's trust store."));
        s.add(new Setting("recon.schema.registry.tls.insecure", Type.BOOLEAN, false, null, LOW, "--schema-registry-tls-insecure",
                "Skip the check of the registry's certificate (tests only)."));
        s.add(new Setting("recon.assembly.step", Type.STRING, "10s", new DurationValidator(1), MEDIUM, "--step",
                "Shipper formats: samples of an entity are gathered into steps this long, one vector per step (`15s`, `1m`): "
                        + "the shipper's collection interval. `recon train` takes the samples' own interval unless given one, "
                        + "and the model's contract keeps it."));
        s.add(new Setting("recon.assembly.grace", Type.STRING, "10s", new DurationValidator(0), MEDIUM, "--grace",
                "Shipper formats: a step that lacks some of its entity's series is closed once a sample this far past its "
                        + "end arrives; later samples for it are dead letters (`late`). A step with every series closes at "
                        + "the entity's next sample."));
        s.add(new Setting("recon.assembly.hold", Type.STRING, "2s", new DurationValidator(0), LOW, "--hold",
                "Shipper formats: a step that is due waits this long (wall clock) before it closes, for its entity's samples "
                        + "still on their way from other partitions: a backlog is read partition by partition, and shippers "
                        + "spread one host's samples over all of them. Adds this much to an alert's delay."));
        s.add(new Setting("recon.assembly.source.idle", Type.STRING, "120s", new DurationValidator(0), LOW, "--source-idle",
                "Shipper formats: a step closes only once every input partition feeding it has passed it, or has been read "
                        + "to its end (the reading task says so within seconds); a partition silent this long (wall clock) "
                        + "without saying so (its instance failed, and another has not taken it over yet) no longer holds "
                        + "steps back. Above `session.timeout.ms` plus a rebalance, vectors stay exact through failovers."));
        s.add(new Setting("recon.assembly.missing", Type.STRING, "carry", ValidString.in("carry", "skip"), MEDIUM, "--missing",
                "Shipper formats: a series without a sample in a step: `carry` its last value (for up to "
                        + "`recon.assembly.carry.steps` steps; counted in `recon_assembly_filled_total`), or `skip` the step "
                        + "(a dead letter `incomplete`)."));
        s.add(new Setting("recon.assembly.carry.steps", Type.INT, 3, Range.between(0, 10_000), LOW, "--carry-steps",
                "Shipper formats: steps a series stays live without a sample (carried); after that it is forgotten."));
        s.add(new Setting("recon.assembly.max.series", Type.INT, 2000, Range.atLeast(1), LOW, "--max-series",
                "Shipper formats: series one entity may have; samples of further series are dead letters "
                        + "(`too_many_series`)."));
        s.add(new Setting("recon.scores.topic", Type.STRING, "recon.scores", new ConfigDef.NonEmptyString(), MEDIUM,
                "--scores-topic", "Every scored record."));
        s.add(new Setting("recon.alerts.topic", Type.STRING, "recon.alerts", new ConfigDef.NonEmptyString(), MEDIUM,
                "--alerts-topic", "Firing and resolved alerts."));
        s.add(new Setting("recon.dlq.topic", Type.STRING, "recon.dlq", new ConfigDef.NonEmptyString(), MEDIUM, "--dlq-topic",
                "Dead letters."));
        s.add(new Setting("recon.application.id", Type.STRING, "recon-scorer", new ConfigDef.NonEmptyString(), MEDIUM,
                "--application-id", "Kafka Streams application id (consumer group; instances with the same id share partitions)."));
        s.add(new Setting("recon.processing.guarantee", Type.STRING, "exactly_once_v2",
                ValidString.in("exactly_once_v2", "at_least_once"), MEDIUM, "--processing-guarantee",
                "`exactly_once_v2` or `at_least_once`."));
        s.add(new Setting("recon.batch.size", Type.INT, 512, Range.between(1, 65536), MEDIUM, "--batch-size",
                "Largest inference batch."));
        s.add(new Setting("recon.batch.wait.ms", Type.LONG, 5L, Range.between(1, 60_000), MEDIUM, "--batch-wait-ms",
                "Longest a record waits for its batch (wall clock)."));
        s.add(new Setting("recon.commit.interval.ms", Type.LONG, 200L, Range.atLeast(1), LOW, "--commit-interval-ms",
                "Kafka Streams commit interval; pending batches are scored and sent on before every commit."));
        s.add(new Setting("recon.metrics.host", Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), LOW,
                "--metrics-host", "Bind address of `/metrics`, `/health`, `/ready`."));
        s.add(new Setting("recon.metrics.port", Type.INT, 9464, Range.between(0, 65535), MEDIUM, "--metrics-port",
                "HTTP port (0 = any free port)."));
        s.add(new Setting("recon.alert.cooldown.ms", Type.LONG, 60_000L, Range.atLeast(0), MEDIUM, "--alert-cooldown-ms",
                "A firing key resolves after this long (record time) without anomalies."));
        s.add(new Setting("recon.alert.cooldown.records", Type.INT, 30, Range.atLeast(1), MEDIUM,
                "--alert-cooldown-records", "... and after this many records of the key without anomalies, so that one "
                        + "incident is one alert for keys reporting every few minutes too."));
        s.add(new Setting("recon.alert.min.anomalies", Type.INT, 1, Range.atLeast(1), MEDIUM, "--alert-min-anomalies",
                "Consecutive anomalous records of a key before it fires (debouncing)."));
        s.add(new Setting("recon.alert.false-alerts-per-day", Type.DOUBLE, 1.0, Range.atLeast(0), HIGH,
                "--false-alerts-per-day", "The alert budget: false alerts per day you accept from all the keys of a "
                        + "model together (a fleet's hosts, a plant's sensors), shared evenly by its keys: with 200 keys each "
                        + "may raise one false alert in 200 days. Each key's scores are calibrated against its own history "
                        + "(against the model's held-out scores while it has fewer than 100 records) and a record counts "
                        + "toward an alert when it is as rare as the key's share allows at its record rate (with the "
                        + "persistence below). The keys are counted as the scorer meets them, scaled from the input "
                        + "partitions this instance reads to all of them. 0 here and per key turns the budget off (the "
                        + "model's threshold decides)."));
        s.add(new Setting("recon.alert.false-alerts-per-key-per-day", Type.DOUBLE, 0.0, Range.atLeast(0), MEDIUM,
                "--false-alerts-per-key-per-day", "A budget per key instead of the fleet's: false alerts per key per day "
                        + "(e.g. 1, Recon's default before the fleet budget); more keys then mean more false alerts. 0 (the "
                        + "default): each key's share of recon.alert.false-alerts-per-day."));
        s.add(new Setting("recon.alert.persistence.k", Type.INT, 2, Range.between(1, 31), MEDIUM, "--persistence-k",
                "Persistence: besides a record rare enough on its own, k of a key's last n records each moderately rare "
                        + "alert (a sustained change); the budget is then split evenly between the two rules. 1 = single "
                        + "records only."));
        s.add(new Setting("recon.alert.persistence.n", Type.INT, 5, Range.between(1, 31), MEDIUM, "--persistence-n",
                "Persistence window n (records); k <= n."));
        s.add(new Setting("recon.alert.top.features", Type.INT, 3, Range.atLeast(1), LOW, "--top-features",
                "Features listed in each alert."));
        s.add(new Setting("recon.maintenance.topic", Type.STRING, "recon.maintenance", null, MEDIUM, "--maintenance-topic",
                "Compacted topic of maintenance windows (`recon maintenance add`), followed by every instance: records of "
                        + "matching keys inside a window are scored and marked `maintenance`, raise no alert and stay out of "
                        + "their key's calibration. Empty = none followed."));
        s.add(new Setting("recon.feedback.topic", Type.STRING, "recon.feedback", null, MEDIUM, "--feedback-topic",
                "Topic of operators' verdicts on alerts (`recon feedback`, or a chat-ops bot writing the same records): a "
                        + "false positive makes the alert's scores part of its key's normal, so the pattern does not page "
                        + "again; `recon retrain` keeps false positives in its training set and leaves true positives out. "
                        + "Empty = none followed."));
        s.add(new Setting("recon.alertmanager.url", Type.LIST, "", null, MEDIUM, "--alertmanager-url",
                "Prometheus Alertmanager base URLs (`http://127.0.0.1:9093`; several for an HA cluster: each gets every "
                        + "alert): every alert of the alerts topic is posted to its API v2 (labels `alertname=ReconAnomaly`, "
                        + "`key`, `model`, `severity`), firing ones re-sent on Alertmanager's cadence, resolved ones with "
                        + "`endsAt`. Offsets are committed only once Alertmanager accepted: an outage loses nothing. Empty = "
                        + "no delivery."));
        s.add(new Setting("recon.alertmanager.username", Type.STRING, "", null, LOW, "--alertmanager-username",
                "Alertmanager basic auth user (with `recon.alertmanager.password`)."));
        s.add(new Setting("recon.alertmanager.password", Type.PASSWORD, "", null, LOW, "--alertmanager-password",
                "Alertmanager basic auth password (better from the environment: `RECON_ALERTMANAGER_PASSWORD`)."));
        s.add(new Setting("recon.alertmanager.bearer.token", Type.PASSWORD, "", null, LOW, "--alertmanager-bearer-token",
                "Alertmanager bearer token (better from the environment: `RECON_ALERTMANAGER_BEARER_TOKEN`)."));
        s.add(new Setting("recon.alertmanager.tls.ca", Type.STRING, "", null, LOW, "--alertmanager-tls-ca",
                "PEM file of the certificates to trust for an https Alertmanager; empty = the JVM's trust store."));
        s.add(new Setting("recon.alertmanager.tls.insecure", Type.BOOLEAN, false, null, LOW, "--alertmanager-tls-insecure",
                "Skip the check of Alertmanager's certificate (tests only)."));
        s.add(new Setting("recon.alertmanager.severity", Type.STRING, "warning", new ConfigDef.NonEmptyString(), LOW,
                "--alertmanager-severity", "The `severity` label of the alerts (for Alertmanager's routes)."));
        s.add(new Setting("recon.alertmanager.generator.url", Type.STRING, "", null, LOW, "--alertmanager-generator-url",
                "A link per alert (`generatorURL`), `{key}` and `{model}` replaced, e.g. a Grafana panel: "
                        + "`http://grafana:3000/d/recon?var-key={key}`."));
        s.add(new Setting("recon.alertmanager.resend", Type.STRING, "60s", new DurationValidator(1000), LOW,
                "--alertmanager-resend", "How often alerts still firing are sent again (Alertmanager ends an alert not "
                        + "re-sent within its `resolve_timeout`, 5 min by default)."));
        s.add(new Setting("recon.max.record.bytes", Type.INT, 65_536, Range.atLeast(64), LOW, "--max-record-bytes",
                "Larger recon-json records go to the dead letters as `too_large` (records of the shipper formats, which "
                        + "batch many samples, are bounded by the broker's message size alone)."));
        s.add(new Setting("recon.dlq.max.bytes", Type.INT, 262_144, Range.atLeast(64), LOW, "--dlq-max-bytes",
                "Dead-letter values are cut to this size (header `recon.dlq.original.bytes` keeps the size)."));
        s.add(new Setting("recon.state.dir", Type.STRING, "", null, LOW, "--state-dir",
                "Kafka Streams state directory; empty = `recon-streams` in the system's temporary directory."));
        s.add(new Setting("recon.stream.threads", Type.INT, 1, Range.between(1, 64), MEDIUM, "--threads",
                "Stream threads; each has a scoring thread that parses, scores and writes its batches."));
        s.add(new Setting("recon.stream.thread.replacements", Type.INT, 3, Range.atLeast(0), LOW, "--thread-replacements",
                "Failed stream threads replaced within 5 minutes before the service gives up: /health turns unhealthy "
                        + "and the process exits non-zero, for the orchestrator to restart it with back-off."));
        s.add(new Setting("recon.cuda", Type.BOOLEAN, false, null, LOW, "--cuda",
                "Try ONNX Runtime's CUDA provider (falls back to CPU with a log line)."));
        s.add(new Setting("recon.topics.create", Type.BOOLEAN, true, null, LOW, "--topics-create",
                "Create missing input and output topics at start."));
        s.add(new Setting("recon.topics.partitions", Type.INT, 4, Range.atLeast(1), LOW, "--topics-partitions",
                "Partitions of topics Recon creates."));
        ALL = Collections.unmodifiableList(s);
        ConfigDef def = new ConfigDef();
        for (Setting x : ALL) {
            def.define(x.key(), x.type(), x.defaultValue(), x.validator(), x.importance(), x.doc());
        }
        DEF = def;
    }

    private ReconSettings() {}

    /**
     * The URLs of a list setting ({@code recon.alertmanager.url}, {@code recon.schema.registry.url}) from settings
     * parsed by {@link #DEF}: blanks left out, each trimmed.
     *
     * @throws IllegalArgumentException naming the setting and the value that is not a URL
     */
    @SuppressWarnings("unchecked")
    static List<java.net.URI> urls(java.util.Map<String, Object> v, String key) {
        List<java.net.URI> urls = new ArrayList<>();
        for (String u : (List<String>) v.get(key)) {
            if (!u.isBlank()) {
                try {
                    urls.add(java.net.URI.create(u.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": '" + u + "' is not a URL");
                }
            }
        }
        return urls;
    }

    /** A password setting's value from settings parsed by {@link #DEF}, empty when unset. */
    static String password(java.util.Map<String, Object> v, String key) {
        Object p = v.get(key);
        return p == null ? "" : ((org.apache.kafka.common.config.types.Password) p).value();
    }

    public static Setting get(String key) {
        for (Setting s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** The reference table of docs/CONFIGURATION.md. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| key | flag | environment | type | default | valid values | meaning |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Setting s : ALL) {
            String dflt = s.type() == Type.LIST ? String.join(",", ConfigDef.parseType(s.key(), s.defaultValue(), Type.LIST)
                    instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of())
                    : String.valueOf(s.defaultValue());
            sb.append("| `").append(s.key()).append("` | ").append(s.flag() == null ? "" : "`" + s.flag() + "`")
                    .append(" | `").append(s.env()).append("` | ").append(s.type().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(dflt.isEmpty() ? "" : "`" + dflt + "`").append(" | ")
                    .append(s.validator() == null ? "" : s.validator().toString().replace("|", "\\|")).append(" | ")
                    .append(s.doc()).append(" |\n");
        }
        return sb.toString();
    }

    /** The input format setting: one format id, or TOPIC=FORMAT pairs (checked against the topics by ServeConfig). */
    private static final class InputFormatValidator implements Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            try {
                InputFormats.byTopic(v, v.contains("=") ? Arrays.stream(v.split(","))
                        .map(p -> p.split("=", 2)[0].trim()).toList() : List.of("-"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return String.join(", ", InputFormats.IDS) + ", or TOPIC=FORMAT,...";
        }
    }

    /** A duration: {@code 500ms}, {@code 15s}, {@code 1m}, {@code 1h}, {@code 1d} (at least {@code min} ms). */
    private static final class DurationValidator implements Validator {
        private final long min;

        DurationValidator(long min) {
            this.min = min;
        }

        @Override
        public void ensureValid(String name, Object value) {
            try {
                long ms = AssemblyConfig.parseDuration(String.valueOf(value));
                if (ms < min || ms > 86_400_000L) {
                    throw new IllegalArgumentException("must be " + (min == 0 ? "0" : min + " ms") + " to 1 day");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a duration: 500ms, 15s, 1m, 1h";
        }
    }

    /** A list with at least one non-blank element. */
    private static final class NonEmptyList implements Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> l) || l.isEmpty() || l.stream().anyMatch(x -> x.toString().isBlank())) {
                throw new ConfigException(name, value, "at least one name is required");
            }
        }

        @Override
        public String toString() {
            return "one or more names";
        }
    }
}
