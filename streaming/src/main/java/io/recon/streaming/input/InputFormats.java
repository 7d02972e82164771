package io.recon.streaming.input;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The input formats by id, and the {@code recon.input.format} setting's syntax. */
public final class InputFormats {
    public static final String RECON_JSON = "recon-json";
    /** Every id, the default first. */
    public static final List<String> IDS = List.of(RECON_JSON, "telegraf-json", "influx-line", "prometheus-json", "otlp-json",
            "otlp-proto", AvroFormat.ID);
    public static final String AVRO = AvroFormat.ID;

    private InputFormats() {}

    /** A new reader of the format (each is used by one thread at a time). */
    public static InputFormat create(String id, InputSettings settings) {
        return switch (id) {
            case RECON_JSON -> new ReconJson();
            case "telegraf-json" -> new TelegrafJson(settings);
            case "influx-line" -> new InfluxLine(settings);
            case "prometheus-json" -> new PrometheusJson(settings);
            case "otlp-json" -> new OtlpJson(settings);
            case "otlp-proto" -> new OtlpProto(settings);
            case AvroFormat.ID -> new AvroFormat(settings.avro());
            default -> throw new IllegalArgumentException("unknown input format '" + id + "'; one of " + String.join(", ", IDS));
        };
    }

    /** True for the formats whose records carry samples to be assembled per entity. */
    public static boolean perSample(String id) {
        return !id.equals(AvroFormat.ID) && create(id, InputSettings.defaults()).perSample();
    }

    /**
     * The format of each input topic: {@code FORMAT} for all of them, or {@code TOPIC=FORMAT,TOPIC=FORMAT} (topics not
     * named read {@value #RECON_JSON}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Map<String, String> byTopic(String setting, List<String> topics) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = setting == null ? "" : setting.trim();
        if (!s.contains("=")) {
            String id = s.isEmpty() ? RECON_JSON : s;
            check(id);
            topics.forEach(t -> out.put(t, id));
            return out;
        }
        topics.forEach(t -> out.put(t, RECON_JSON));
        for (String part : s.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not TOPIC=FORMAT");
            }
            String topic = kv[0].trim();
            if (!topics.contains(topic)) {
                throw new IllegalArgumentException("topic " + topic + " is not an input topic " + topics);
            }
            check(kv[1].trim());
            out.put(topic, kv[1].trim());
        }
        return out;
    }

    private static void check(String id) {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown input format '" + id + "'; one of " + String.join(", ", IDS));
        }
    }
}
