package io.recon.streaming.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.streaming.metrics.DeadLetterReason;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Telegraf's JSON output ({@code data_format = "json"}, plugins/serializers/json in Telegraf): one metric per
 * record, {@code {"fields":{"usage_user":0.5},"name":"cpu","tags":{"host":"a","cpu":"cpu-total"},"timestamp":1700000000}},
 * or with the batch format several, {@code {"metrics":[...]}} (or a bare array with {@code output_json_array}).
 * The timestamp is an integer in {@code json_timestamp_units} (seconds by default; the unit is told by its size)
 * or text with {@code json_timestamp_format}; without one the Kafka record's time is used.
 *
 * <p>Each numeric field is a sample of series {@code name.field} with the metric's tags as labels (entity:
 * {@code host}); booleans read as 0 and 1; text fields are not metrics and are left out.
 */
final class TelegrafJson extends SampleFormat {
    private final SeriesNames.Labels tags = new SeriesNames.Labels();
    private final Rejection[] why = new Rejection[1];

    TelegrafJson(InputSettings settings) {
        super(settings, List.of("host"), Set.of());
    }

    @Override
    public String id() {
        return "telegraf-json";
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        JsonNode root = tree(value, why);
        if (root == null) {
            return why[0];
        }
        JsonNode metrics = root.isArray() ? root : root.isObject() && root.has("metrics") ? root.get("metrics") : null;
        if (metrics == null) {
            if (!root.isObject()) {
                return Rejection.of(DeadLetterReason.NOT_OBJECT, "expected a Telegraf metric (a JSON object), got "
                        + kind(root));
            }
            return metric(root, key, timestamp, out, true);
        }
        if (!metrics.isArray()) {
            return Rejection.of(DeadLetterReason.WRONG_TYPE, "metrics must be an array, got " + kind(metrics));
        }
        for (JsonNode m : metrics) {
            Rejection r = metric(m, key, timestamp, out, false);
            if (r != null) {
                out.reject(r.reason(), r.detail());
            }
        }
        return null;
    }

    /** One metric's samples; a problem with the whole metric is returned. */
    private Rejection metric(JsonNode m, byte[] key, long recordTime, SampleSink out, boolean single) {
        if (!m.isObject()) {
            return Rejection.of(DeadLetterReason.NOT_OBJECT, "a metric must be a JSON object, got " + kind(m));
        }
        JsonNode name = m.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            return Rejection.of(name == null ? DeadLetterReason.MISSING_FIELD : DeadLetterReason.WRONG_TYPE,
                    "a Telegraf metric needs a name (a string)");
        }
        JsonNode fields = m.get("fields");
        if (fields == null || !fields.isObject()) {
            return Rejection.of(fields == null ? DeadLetterReason.MISSING_FIELD : DeadLetterReason.WRONG_TYPE,
                    "metric " + SeriesNames.metric(name.asText()) + " needs fields (an object)");
        }
        long time = recordTime;
        JsonNode ts = m.get("timestamp");
        if (ts != null && !ts.isNull()) {
            time = ts.isIntegralNumber() && ts.canConvertToLong() ? EpochTime.millis(ts.asLong())
                    : ts.isNumber() ? EpochTime.millis(ts.asDouble()) : ts.isTextual() ? EpochTime.parse(ts.asText()) : -1;
            if (time < 0) {
                return Rejection.of(DeadLetterReason.BAD_TIMESTAMP, "metric " + SeriesNames.metric(name.asText())
                        + ": timestamp " + RecordParser.abbreviate(ts.toString()) + " is not a time");
            }
        }
        tags.clear();
        JsonNode t = m.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, "tags must be an object, got " + kind(t));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tags.add(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        int numeric = 0;
        String measurement = name.asText();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            double x;
            if (v.isNumber()) {
                x = v.asDouble();
            } else if (v.isBoolean()) {
                x = v.asBoolean() ? 1 : 0;
            } else {
                continue; // text and nested fields are not metrics
            }
            numeric++;
            emit(out, null, tags, key, measurement + "." + e.getKey(), time, x, false);
        }
        if (numeric == 0 && single) {
            return Rejection.of(DeadLetterReason.NO_SAMPLES, "metric " + SeriesNames.metric(measurement)
                    + " has no numeric field");
        }
        return null;
    }
}
