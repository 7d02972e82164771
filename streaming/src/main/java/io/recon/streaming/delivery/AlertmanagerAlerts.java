package io.recon.streaming.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * A Recon alert (alert format 1 or 2, as on {@code recon.alerts}) as an Alertmanager API v2 alert: labels
 * {@code alertname="ReconAnomaly"}, {@code key}, {@code model}, {@code severity} (what Alertmanager groups,
 * de-duplicates, routes, silences and inhibits by); annotations {@code summary} (one line: the key and its top features
 * with their observed and expected values), {@code score}, {@code threshold}, {@code tail_probability},
 * {@code top_features}, {@code model_version}; {@code startsAt} the episode's start, {@code endsAt} its end once
 * resolved; {@code generatorURL} from the configured template. Alertmanager keeps time by its wall clock and rejects an
 * alert that ends before it starts: an episode whose records are timed ahead of the clock (producers' clocks may run
 * up to an hour ahead of Recon's and are scored) starts now, and a resolved one ends now at the latest, never before
 * it started.
 */
final class AlertmanagerAlerts {
    public static final String ALERTNAME = "ReconAnomaly";
    /** The alertname of a dropped series (a model feature that stopped coming in a key's records). */
    public static final String DROPPED = "ReconSeriesDropped";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AlertmanagerAlerts() {}

    /** The Alertmanager alert for one Recon alert, read at {@code nowMs}; null for a record that is not an alert. */
    public static ObjectNode of(JsonNode alert, AlertmanagerConfig config, long nowMs) {
        String key = alert.path("key").asText("");
        String model = alert.path("model").asText("");
        String status = alert.path("status").asText("");
        if (key.isEmpty() || model.isEmpty() || !(status.equals("firing") || status.equals("resolved"))) {
            return null;
        }
        if ("dropped_series".equals(alert.path("kind").asText())) {
            return droppedSeries(alert, key, model, status, config, nowMs);
        }
        ObjectNode a = labelled(ALERTNAME, key, model, null, config);
        ObjectNode ann = a.putObject("annotations");
        ann.put("summary", summary(key, model, alert));
        ann.put("score", number(alert.path("score")));
        ann.put("threshold", number(alert.path("threshold")));
        if (alert.hasNonNull("tail_probability")) {
            ann.put("tail_probability", number(alert.get("tail_probability")));
        }
        ann.put("top_features", features(alert.path("top_features")));
        ann.put("model_version", alert.path("model_version").asText(""));
        JsonNode episode = alert.path("episode");
        long time = alert.path("timestamp").asLong();
        span(a, episode.path("started").asLong(time), status.equals("resolved"), episode.path("ended").asLong(time), nowMs);
        link(a, config, key, model);
        return a;
    }

    /**
     * A dropped-series alert (alert format 3): alertname {@value #DROPPED}, labels {@code key}, {@code model},
     * {@code feature}, {@code severity}; the summary says which feature stopped and since when; it starts at the
     * first record without the feature (by Alertmanager's clock at the latest) and ends when the feature is back.
     */
    private static ObjectNode droppedSeries(JsonNode alert, String key, String model, String status,
            AlertmanagerConfig config, long nowMs) {
        String feature = alert.path("feature").asText("");
        ObjectNode a = labelled(DROPPED, key, model, feature, config);
        long time = alert.path("timestamp").asLong();
        long since = alert.path("since").asLong(time);
        ObjectNode ann = a.putObject("annotations");
        ann.put("summary", key + " stopped sending " + feature + " (model " + model + "): missing from its records since "
                + Instant.ofEpochMilli(since) + "; they cannot be scored (dead letters, reason missing_field)");
        ann.put("model_version", alert.path("model_version").asText(""));
        span(a, since, status.equals("resolved"), time, nowMs);
        link(a, config, key, model);
        return a;
    }

    /** An alert with its labels: alertname, key, model, the feature (when not null) and the severity. */
    private static ObjectNode labelled(String alertname, String key, String model, String feature,
            AlertmanagerConfig config) {
        ObjectNode a = F.objectNode();
        ObjectNode labels = a.putObject("labels");
        labels.put("alertname", alertname);
        labels.put("key", key);
        labels.put("model", model);
        if (feature != null) {
            labels.put("feature", feature);
        }
        labels.put("severity", config.severity());
        return a;
    }

    /**
     * {@code startsAt}, and {@code endsAt} when resolved, by Alertmanager's clock: it rejects an alert that ends before
     * it starts, so a start ahead of {@code nowMs} is now, and an end is now at the latest and never before the start.
     */
    private static void span(ObjectNode a, long startedMs, boolean resolved, long endedMs, long nowMs) {
        long started = Math.min(nowMs, startedMs);
        a.put("startsAt", Instant.ofEpochMilli(started).toString());
        if (resolved) {
            a.put("endsAt", Instant.ofEpochMilli(Math.max(started, Math.min(nowMs, endedMs))).toString());
        }
    }

    /** {@code generatorURL} from the configured template, {@code {key}} and {@code {model}} filled in. */
    private static void link(ObjectNode a, AlertmanagerConfig config, String key, String model) {
        if (!config.generatorUrl().isEmpty()) {
            a.put("generatorURL", config.generatorUrl().replace("{key}", URLEncoder.encode(key, StandardCharsets.UTF_8))
                    .replace("{model}", URLEncoder.encode(model, StandardCharsets.UTF_8)));
        }
    }

    /** {@code web-2 (model m1): cpu 81.37, expected 38.12; load 3.41, expected 0.92}. */
    static String summary(String key, String model, JsonNode alert) {
        StringBuilder sb = new StringBuilder(key).append(" is anomalous (model ").append(model).append(')');
        JsonNode top = alert.path("top_features");
        for (int i = 0; i < top.size() && i < 3; i++) {
            JsonNode f = top.get(i);
            sb.append(i == 0 ? ": " : "; ").append(f.path("feature").asText());
            if (f.hasNonNull("observed")) {
                sb.append(' ').append(number(f.get("observed")));
                if (f.hasNonNull("expected")) {
                    sb.append(", expected ").append(number(f.get("expected")));
                }
            } else {
                sb.append(" (error ").append(number(f.path("error"))).append(')');
            }
        }
        return sb.toString();
    }

    /** One feature a line: {@code cpu: observed 81.37, expected 38.12, 81% of the error}. */
    static String features(JsonNode top) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode f : top) {
            sb.append(sb.length() == 0 ? "" : "\n").append(f.path("feature").asText()).append(':');
            if (f.hasNonNull("observed")) {
                sb.append(" observed ").append(number(f.get("observed")));
            }
            if (f.hasNonNull("expected")) {
                sb.append(", expected ").append(number(f.get("expected")));
            }
            if (f.hasNonNull("share")) {
                sb.append(", ").append(Math.round(100 * f.get("share").asDouble())).append("% of the error");
            } else {
                sb.append(" error ").append(number(f.path("error")));
            }
        }
        return sb.toString();
    }

    /** Four significant digits: an annotation is for people. */
    static String number(JsonNode n) {
        if (!n.isNumber()) {
            return n.asText("");
        }
        double v = n.asDouble();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
