package io.recon.streaming.input;

import java.util.Set;

/**
 * Which input topics the scorer reads as avro, and how (registry, key and time fields).
 *
 * @param topics the avro topics; empty when there are none
 */
public record AvroInput(Set<String> topics, AvroSettings settings) {
    public AvroInput {
        topics = Set.copyOf(topics);
        if (settings == null || !topics.isEmpty() && settings.registry() == null) {
            throw new IllegalArgumentException("avro topics " + topics + " need a schema registry (recon.schema.registry.url)");
        }
    }

    public static AvroInput none() {
        return new AvroInput(Set.of(), AvroSettings.defaults());
    }

    public boolean reads(String topic) {
        return !topics.isEmpty() && topics.contains(topic);
    }
}
