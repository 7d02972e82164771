package io.recon.streaming.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recon.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A planned maintenance: records of keys matching {@code keys} (a regular expression, the whole key) with a time in
 * [{@code fromMs}, {@code toMs}) raise no alert and stay out of their key's calibration; they are still scored and
 * marked {@code maintenance}. On the maintenance topic (compacted, key = {@code id}) as JSON, format 1:
 * {@code {"id","keys","from","to","reason","created","format":1}} with times in epoch milliseconds; a tombstone
 * removes it.
 */
public record MaintenanceWindow(String id, String keys, long fromMs, long toMs, String reason, long createdMs, Pattern pattern) {
    public MaintenanceWindow {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a maintenance window needs an id");
        }
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("a maintenance window must end after it starts (from " + Instant.ofEpochMilli(fromMs)
                    + ", to " + Instant.ofEpochMilli(toMs) + ")");
        }
        reason = reason == null ? "" : reason;
        if (pattern == null) {
            try {
                pattern = Pattern.compile(keys);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--keys: '" + keys + "' is not a regular expression ("
                        + e.getDescription() + ")");
            }
        }
    }

    public MaintenanceWindow(String id, String keys, long fromMs, long toMs, String reason, long createdMs) {
        this(id, keys, fromMs, toMs, reason, createdMs, null);
    }

    /** Whether a record of {@code key} at {@code timeMs} falls in this window. */
    public boolean covers(String key, long timeMs) {
        return timeMs >= fromMs && timeMs < toMs && pattern.matcher(key).matches();
    }

    public byte[] toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", id).put("keys", keys).put("from", fromMs).put("to", toMs).put("reason", reason).put("created", createdMs)
                .put("format", 1);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The window of a topic record's value; IllegalArgumentException when it is not one. */
    public static MaintenanceWindow fromJson(byte[] value) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || !n.path("keys").isTextual() || !n.path("from").canConvertToLong()
                || !n.path("to").canConvertToLong()) {
            throw new IllegalArgumentException("not a maintenance window (keys, from, to)");
        }
        return new MaintenanceWindow(n.path("id").asText(), n.get("keys").asText(), n.get("from").asLong(), n.get("to").asLong(),
                n.path("reason").asText(""), n.path("created").asLong(0));
    }
}
