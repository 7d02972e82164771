package io.recon.streaming.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link ServeConfig} from, in increasing precedence: built-in defaults ({@link ReconSettings}),
 * a properties file, environment variables, command-line flags.
 *
 * <ul>
 *   <li>Recon's own keys start with {@code recon.} ({@code recon.batch.size}); as environment
 *       variables they are upper-cased with {@code _} for {@code .} ({@code RECON_BATCH_SIZE}).
 *   <li>Every other key in the file is a Kafka client setting passed through untouched
 *       ({@code security.protocol=SASL_SSL}); as environment variables they take the prefix
 *       {@code RECON_KAFKA_} ({@code RECON_KAFKA_SECURITY_PROTOCOL}); as flags {@code --kafka key=value}.
 *   <li>An unknown {@code recon.} key in the file or the flags is an error; other {@code RECON_*}
 *       environment variables (the launcher's {@code RECON_SKIP_BUILD}, ...) are not settings and are left alone.
 * </ul>
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * @param flags recon keys (and {@code kafka.}-prefixed client keys) set on the command line
     * @param env the process environment
     * @param file the {@code --config} file, or null
     * @throws IllegalArgumentException with a one-line message naming the setting and where it came from
     */
    public static ServeConfig load(Map<String, String> flags, Map<String, String> env, Path file) {
        Map<String, String> recon = new LinkedHashMap<>();
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
                for (ReconSettings.Setting s : ReconSettings.ALL) {
                    if (s.env().equals(name)) {
                        recon.put(s.key(), value);
                    }
                }
            }
        });
        flags.forEach((key, value) -> put(recon, kafka, key, value, "command line"));
        if (recon.getOrDefault("recon.bootstrap", "").isBlank() && kafka.containsKey("bootstrap.servers")) {
            recon.put("recon.bootstrap", kafka.get("bootstrap.servers"));
        }
        kafka.remove("bootstrap.servers");
        return new ServeConfig(recon, kafka);
    }

    private static void put(Map<String, String> recon, Map<String, String> kafka, String key, String value, String origin) {
        if (key.startsWith("recon.")) {
            if (ReconSettings.get(key) == null) {
                throw new IllegalArgumentException(origin + ": unknown setting " + key + " (docs/CONFIGURATION.md lists them)");
            }
            recon.put(key, value);
        } else {
            kafka.put(key.startsWith("kafka.") ? key.substring(6) : key, value);
        }
    }
}
