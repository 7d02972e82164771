package io.recon.streaming.config;

import io.recon.schemas.contract.InputSpec;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.input.AvroSettings;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.registry.RegistrySettings;
import io.recon.streaming.registry.SchemaRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * How one input is read: its format, how shipper formats name entities and features, and how their samples are
 * assembled. The same settings ({@code recon.input.*}, {@code recon.assembly.*} of {@link ReconSettings}) serve
 * {@code recon serve}, {@code recon train --from-topic} and {@code recon retrain}, so that a model is trained on
 * vectors made exactly as the scorer makes them.
 */
public record InputOptions(String format, InputSettings settings, AssemblyConfig assembly) {
    /** The keys of the settings this covers (the input topics aside). */
    public static final List<String> KEYS = ReconSettings.ALL.stream().map(ReconSettings.Setting::key)
            .filter(k -> k.startsWith("recon.input.") && !k.equals("recon.input.topics") || k.startsWith("recon.assembly.")
                    || k.startsWith("recon.schema.registry."))
            .filter(k -> !k.equals("recon.assembly.hold") && !k.equals("recon.assembly.source.idle")) // stream-only
            .toList();

    /**
     * The settings a model's contract implies ({@code input}: how its training vectors were made), by key; empty for
     * a model without one.
     */
    public static Map<String, String> settingsOf(InputSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null) {
            return m;
        }
        m.put("recon.input.format", spec.format());
        m.put("recon.input.entity.labels", String.join(",", spec.entityLabels()));
        m.put("recon.input.feature.labels", String.join(",", spec.featureLabels()));
        m.put("recon.input.counters", spec.counters());
        m.put("recon.assembly.step", spec.stepMs() + "ms");
        m.put("recon.assembly.missing", spec.missing());
        m.put("recon.assembly.carry.steps", Integer.toString(spec.carrySteps()));
        return m;
    }

    /** The given settings over those of a model's contract ({@link #settingsOf}): what is given wins. */
    public static Map<String, String> over(Map<String, String> given, InputSpec spec) {
        Map<String, String> m = settingsOf(spec);
        m.putAll(given);
        return m;
    }

    /** This, for the contract: what training used, to be kept with the model. */
    public InputSpec spec() {
        return new InputSpec(format, settings.entityLabels(), settings.featureLabels(), settings.rates() ? "rate" : "raw",
                assembly.stepMs(), assembly.carry() ? "carry" : "skip", assembly.carrySteps());
    }

    /** The same with another step. */
    public InputOptions withStep(long stepMs) {
        AssemblyConfig a = assembly;
        return new InputOptions(format, settings, new AssemblyConfig(stepMs, a.graceMs(), a.carry(), a.carrySteps(),
                a.maxSeries(), a.holdMs(), a.sourceIdleMs()));
    }

    /**
     * From settings given by key (the rest take their defaults), for input topic {@code topic}.
     *
     * @throws IllegalArgumentException with a one-line message naming the setting
     */
    public static InputOptions from(Map<String, String> given, String topic) {
        Map<String, Object> v;
        try {
            v = ReconSettings.DEF.parse(given);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String format = InputFormats.byTopic(((String) v.get("recon.input.format")).trim(), List.of(topic)).get(topic);
        return of(v, format);
    }

    /** How long a command (train, retrain) waits for an unreachable schema registry before it gives up. */
    public static final long COMMAND_REGISTRY_WAIT_MS = 120_000;

    /** The avro settings, with a registry client when a registry is configured (for the avro format only). */
    private static AvroSettings avro(Map<String, Object> v, String format) {
        RegistrySettings r = registry(v);
        SchemaRegistry client = r.configured() ? new SchemaRegistry(r) : null;
        if (client == null && format.equals(InputFormats.AVRO)) {
            throw new IllegalArgumentException("the avro input format needs a schema registry: set recon.schema.registry.url "
                    + "(--schema-registry-url http://HOST:8081)");
        }
        return new AvroSettings((String) v.get("recon.input.key.field"), (String) v.get("recon.input.timestamp.field"), client,
                COMMAND_REGISTRY_WAIT_MS);
    }

    /** The schema registry settings ({@code recon.schema.registry.*}) from settings parsed by {@link ReconSettings#DEF}. */
    public static RegistrySettings registry(Map<String, Object> v) {
        List<URI> urls = ReconSettings.urls(v, "recon.schema.registry.url");
        String ca = ((String) v.get("recon.schema.registry.tls.ca")).trim();
        return new RegistrySettings(urls, (String) v.get("recon.schema.registry.username"),
                ReconSettings.password(v, "recon.schema.registry.password"),
                ReconSettings.password(v, "recon.schema.registry.bearer.token"),
                ca.isBlank() ? null : Path.of(ca), (Boolean) v.get("recon.schema.registry.tls.insecure"), 10_000);
    }

    @SuppressWarnings("unchecked")
    static InputOptions of(Map<String, Object> v, String format) {
        try {
            List<String> entity = ((List<String>) v.get("recon.input.entity.labels")).stream().map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            List<String> feature = ((List<String>) v.get("recon.input.feature.labels")).stream().map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            InputSettings settings = new InputSettings(entity, feature, ((String) v.get("recon.input.counters")).trim()
                    .equals("rate"), avro(v, format));
            AssemblyConfig assembly = new AssemblyConfig(AssemblyConfig.parseDuration((String) v.get("recon.assembly.step")),
                    AssemblyConfig.parseDuration((String) v.get("recon.assembly.grace")),
                    ((String) v.get("recon.assembly.missing")).trim().equals("carry"), (Integer) v.get("recon.assembly.carry.steps"),
                    (Integer) v.get("recon.assembly.max.series"), AssemblyConfig.parseDuration((String) v.get("recon.assembly.hold")),
                    AssemblyConfig.parseDuration((String) v.get("recon.assembly.source.idle")));
            return new InputOptions(format, settings, assembly);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recon.input.*, recon.assembly.*: " + e.getMessage(), e);
        }
    }
}
