package io.recon.streaming.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link ServeConfig} from, in increasing precedence: built-in defaults, a properties file,
 * environment variables, command-line flags.
 *
 * <ul>
 *   <li>Recon's own keys start with {@code recon.} ({@code recon.batch.size}); as environment
 *       variables they are upper-cased with {@code _} for {@code .} ({@code RECON_BATCH_SIZE}).
 *   <li>Every other key in the file is a Kafka client setting passed through untouched
 *       ({@code security.protocol=SASL_SSL}); as environment variables they take the prefix
 *       {@code RECON_KAFKA_} ({@code RECON_KAFKA_SECURITY_PROTOCOL}); as flags {@code --kafka key=value}.
 * </ul>
 */
public final class ConfigLoader {
    public static final Map<String, String> DEFAULTS = defaults();

    private ConfigLoader() {}

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("recon.bootstrap", "");
        d.put("recon.model.dir", "");
        d.put("recon.input.topics", "recon.records");
        d.put("recon.scores.topic", "recon.scores");
        d.put("recon.alerts.topic", "recon.alerts");
        d.put("recon.dlq.topic", "recon.dlq");
        d.put("recon.application.id", "recon-scorer");
        d.put("recon.processing.guarantee", "exactly_once_v2");
        d.put("recon.batch.size", "256");
        d.put("recon.batch.wait.ms", "5");
        d.put("recon.metrics.host", "127.0.0.1");
        d.put("recon.metrics.port", "9464");
        d.put("recon.alert.cooldown.ms", "60000");
        d.put("recon.alert.min.anomalies", "1");
        d.put("recon.alert.top.features", "3");
        d.put("recon.max.record.bytes", "65536");
        d.put("recon.dlq.max.bytes", "262144");
        d.put("recon.state.dir", Path.of(System.getProperty("java.io.tmpdir"), "recon-streams").toString());
        d.put("recon.stream.threads", "1");
        d.put("recon.cuda", "false");
        d.put("recon.topics.create", "true");
        d.put("recon.topics.partitions", "4");
        d.put("recon.commit.interval.ms", "200");
        d.put("recon.model.topic", "");
        d.put("recon.model.poll.ms", "2000");
        d.put("recon.models", "");
        d.put("recon.route.by", "none");
        d.put("recon.route.field", "");
        d.put("recon.route.rules", "");
        d.put("recon.route.fallback", "");
        return Map.copyOf(d);
    }

    /**
     * @param flags recon keys (and {@code kafka.}-prefixed client keys) set on the command line
     * @param env the process environment
     * @param file the {@code --config} file, or null
     */
    public static ServeConfig load(Map<String, String> flags, Map<String, String> env, Path file) {
        Map<String, String> recon = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> kafka = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot read the configuration file (" + e.getMessage() + ")");
            }
            for (String key : p.stringPropertyNames()) {
                put(recon, kafka, key, p.getProperty(key).trim(), file.toString());
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("RECON_KAFKA_")) {
                kafka.put(name.substring("RECON_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            } else if (name.startsWith("RECON_")) {
                String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
                if (DEFAULTS.containsKey(key)) {
                    recon.put(key, value);
                }
            }
        });
        flags.forEach((key, value) -> put(recon, kafka, key, value, "command line"));
        return build(recon, kafka);
    }

    private static void put(Map<String, String> recon, Map<String, String> kafka, String key, String value, String origin) {
        if (key.startsWith("recon.")) {
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException(origin + ": unknown setting " + key + "; known: "
                        + String.join(", ", DEFAULTS.keySet()));
            }
            recon.put(key, value);
        } else {
            kafka.put(key.startsWith("kafka.") ? key.substring(6) : key, value);
        }
    }

    private static ServeConfig build(Map<String, String> r, Map<String, String> kafka) {
        String bootstrap = r.get("recon.bootstrap");
        if (bootstrap.isBlank() && kafka.containsKey("bootstrap.servers")) {
            bootstrap = kafka.get("bootstrap.servers");
        }
        kafka.remove("bootstrap.servers");
        String modelDir = r.get("recon.model.dir");
        return new ServeConfig(bootstrap, modelDir.isBlank() ? null : Path.of(modelDir),
                Arrays.stream(r.get("recon.input.topics").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                r.get("recon.scores.topic"), r.get("recon.alerts.topic"), r.get("recon.dlq.topic"),
                r.get("recon.application.id"), r.get("recon.processing.guarantee"), integer(r, "recon.batch.size"),
                longValue(r, "recon.batch.wait.ms"), r.get("recon.metrics.host"), integer(r, "recon.metrics.port"),
                longValue(r, "recon.alert.cooldown.ms"), integer(r, "recon.alert.min.anomalies"),
                integer(r, "recon.alert.top.features"),
                integer(r, "recon.max.record.bytes"), integer(r, "recon.dlq.max.bytes"), Path.of(r.get("recon.state.dir")),
                integer(r, "recon.stream.threads"), bool(r, "recon.cuda"), bool(r, "recon.topics.create"),
                integer(r, "recon.topics.partitions"), longValue(r, "recon.commit.interval.ms"), r.get("recon.model.topic"),
                longValue(r, "recon.model.poll.ms"),
                Arrays.stream(r.get("recon.models").split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(Path::of).toList(),
                r.get("recon.route.by"), r.get("recon.route.field"), r.get("recon.route.rules"), r.get("recon.route.fallback"),
                kafka);
    }

    private static int integer(Map<String, String> r, String key) {
        try {
            return Integer.parseInt(r.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + r.get(key) + "'");
        }
    }

    private static long longValue(Map<String, String> r, String key) {
        try {
            return Long.parseLong(r.get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + r.get(key) + "'");
        }
    }

    private static boolean bool(Map<String, String> r, String key) {
        String v = r.get(key).trim().toLowerCase(Locale.ROOT);
        if (!List.of("true", "false").contains(v)) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + r.get(key) + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
