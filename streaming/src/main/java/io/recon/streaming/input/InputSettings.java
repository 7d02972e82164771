package io.recon.streaming.input;

import java.util.List;

/**
 * How the shipper formats name entities and features (the same for serving and for training from a topic, so
 * that a model's contract names its features exactly as the stream builds them).
 *
 * @param entityLabels labels, tags or resource attributes whose values make the entity's key (joined with
 *     {@code ,}); empty for the format's default ({@code host}, {@code instance}, {@code host.name})
 * @param featureLabels labels kept in feature names beside the metric's name; empty for all of them (but the
 *     entity's), {@code [none]} for none. Series that then share a name are summed.
 * @param rates turn cumulative counters (as the format marks them) into rates per second
 * @param avro how the avro format finds keys, event times and schemas
 */
public record InputSettings(List<String> entityLabels, List<String> featureLabels, boolean rates, AvroSettings avro) {
    public InputSettings(List<String> entityLabels, List<String> featureLabels, boolean rates) {
        this(entityLabels, featureLabels, rates, AvroSettings.defaults());
    }

    public InputSettings {
        avro = avro == null ? AvroSettings.defaults() : avro;
        entityLabels = List.copyOf(entityLabels);
        featureLabels = List.copyOf(featureLabels);
        if (entityLabels.stream().anyMatch(String::isBlank) || featureLabels.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("label names must not be blank");
        }
        if (featureLabels.contains("none") && featureLabels.size() > 1) {
            throw new IllegalArgumentException("feature labels: 'none' stands alone");
        }
    }

    /** The same with other avro settings. */
    public InputSettings withAvro(AvroSettings a) {
        return new InputSettings(entityLabels, featureLabels, rates, a);
    }

    public static InputSettings defaults() {
        return new InputSettings(List.of(), List.of(), true);
    }
}
