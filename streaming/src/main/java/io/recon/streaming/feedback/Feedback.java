package io.recon.streaming.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recon.schemas.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An operator's verdict on the alerts of {@code key} (of {@code model}; empty = any) between {@code fromMs} and
 * {@code toMs} (record times): a false positive teaches the key's calibration that those scores were normal, a true
 * positive confirms them; {@code recon retrain} keeps the first in its training set and leaves the second out. On the
 * feedback topic as JSON, format 1: {@code {"key","model","from","to","verdict","note","created","format":1}};
 * {@code ratios} (the alerts' scores over their threshold) are found by the scorer, not written.
 */
public record Feedback(String key, String model, Verdict verdict, long fromMs, long toMs, String note, long createdMs,
        double[] ratios) {
    public enum Verdict {
        FALSE_POSITIVE("false-positive"),
        TRUE_POSITIVE("true-positive");

        private final String id;

        Verdict(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Verdict of(String text) {
            for (Verdict v : values()) {
                if (v.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a verdict: false-positive or true-positive");
        }
    }

    public Feedback {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("feedback needs a key");
        }
        if (toMs < fromMs) {
            throw new IllegalArgumentException("feedback's time range ends before it starts");
        }
        model = model == null ? "" : model;
        note = note == null ? "" : note;
        ratios = ratios == null ? new double[0] : ratios;
    }

    /** Whether it covers a record of {@code key} (of {@code model}) at {@code timeMs}. */
    public boolean covers(String k, String m, long timeMs) {
        return key.equals(k) && (model.isEmpty() || model.equals(m)) && timeMs >= fromMs && timeMs <= toMs;
    }

    public Feedback withRatios(double[] r) {
        return new Feedback(key, model, verdict, fromMs, toMs, note, createdMs, r);
    }

    public byte[] toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("key", key).put("model", model).put("from", fromMs).put("to", toMs).put("verdict", verdict.id())
                .put("note", note).put("created", createdMs).put("format", 1);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The feedback of a topic record's value; IllegalArgumentException when it is not feedback. */
    public static Feedback fromJson(byte[] value) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || !n.path("key").isTextual() || !n.path("verdict").isTextual()
                || !n.path("from").canConvertToLong() || !n.path("to").canConvertToLong()) {
            throw new IllegalArgumentException("not feedback (key, from, to, verdict)");
        }
        return new Feedback(n.get("key").asText(), n.path("model").asText(""), Verdict.of(n.get("verdict").asText()),
                n.get("from").asLong(), n.get("to").asLong(), n.path("note").asText(""), n.path("created").asLong(0), null);
    }
}
