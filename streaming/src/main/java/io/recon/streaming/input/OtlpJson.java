package io.recon.streaming.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.streaming.metrics.DeadLetterReason;

/**
 * OTLP metrics in JSON ({@code encoding: otlp_json}): the protobuf message as the OTLP/JSON encoding writes it
 * (field names in lowerCamelCase, 64-bit integers as text, enums as numbers, attribute values as
 * {@code {"stringValue":"a"}}); the proto's own snake_case names are read too. See {@link OtlpFormat}.
 */
final class OtlpJson extends OtlpFormat {
    private final Rejection[] why = new Rejection[1];

    OtlpJson(InputSettings settings) {
        super(settings);
    }

    @Override
    public String id() {
        return "otlp-json";
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        JsonNode root = tree(value, why);
        if (root == null) {
            return why[0];
        }
        if (!root.isObject()) {
            return Rejection.of(DeadLetterReason.NOT_OBJECT, "expected an OTLP ExportMetricsServiceRequest (a JSON object), got "
                    + kind(root));
        }
        JsonNode rms = get(root, "resourceMetrics", "resource_metrics");
        if (rms == null || !rms.isArray()) {
            return Rejection.of(rms == null ? DeadLetterReason.MISSING_FIELD : DeadLetterReason.WRONG_TYPE,
                    "an OTLP request needs resourceMetrics (an array)");
        }
        begin();
        for (JsonNode rm : rms) {
            resource.clear();
            JsonNode res = rm.get("resource");
            if (res != null) {
                attributes(res.get("attributes"), resource);
            }
            JsonNode sms = get(rm, "scopeMetrics", "scope_metrics");
            if (sms == null) {
                sms = get(rm, "instrumentationLibraryMetrics", "instrumentation_library_metrics"); // OTLP before 0.15
            }
            if (sms == null) {
                continue;
            }
            for (JsonNode sm : sms) {
                JsonNode metrics = sm.get("metrics");
                if (metrics == null) {
                    continue;
                }
                for (JsonNode m : metrics) {
                    Rejection r = metric(m, key, out);
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        return end();
    }

    private Rejection metric(JsonNode m, byte[] key, SampleSink out) {
        JsonNode nameNode = m.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            return Rejection.of(DeadLetterReason.MISSING_FIELD, "a metric has no name");
        }
        String name = nameNode.asText();
        JsonNode gauge = m.get("gauge");
        JsonNode sum = m.get("sum");
        if (gauge != null) {
            points(out, key, name, get(gauge, "dataPoints", "data_points"), false, false, 0);
        } else if (sum != null) {
            JsonNode mono = get(sum, "isMonotonic", "is_monotonic");
            JsonNode temp = get(sum, "aggregationTemporality", "aggregation_temporality");
            int temporality = temp == null ? 0 : temp.isNumber() ? temp.asInt()
                    : temp.asText().endsWith("CUMULATIVE") ? CUMULATIVE : temp.asText().endsWith("DELTA") ? DELTA : 0;
            points(out, key, name, get(sum, "dataPoints", "data_points"), true, mono != null && mono.asBoolean(), temporality);
        } else {
            unsupported++;
        }
        return null;
    }

    private void points(SampleSink out, byte[] key, String metric, JsonNode dps, boolean sum, boolean monotonic,
            int temporality) {
        if (dps == null) {
            return;
        }
        for (JsonNode p : dps) {
            point.clear();
            attributes(p.get("attributes"), point);
            long start = nanos(get(p, "startTimeUnixNano", "start_time_unix_nano"));
            long time = nanos(get(p, "timeUnixNano", "time_unix_nano"));
            JsonNode flagsNode = p.get("flags");
            int flags = flagsNode == null ? 0 : flagsNode.asInt();
            JsonNode d = get(p, "asDouble", "as_double");
            JsonNode i = get(p, "asInt", "as_int");
            double v;
            if (d != null) {
                v = d.isNumber() ? d.asDouble() : special(d.asText());
            } else if (i != null) {
                v = i.isNumber() ? i.asLong() : parseLong(i.asText());
            } else {
                if ((flags & 1) == 0) {
                    points++;
                    out.reject(DeadLetterReason.MISSING_FIELD, SeriesNames.metric(metric) + ": a data point has no value");
                    continue;
                }
                v = Double.NaN;
            }
            if (time < 0) {
                points++;
                out.reject(DeadLetterReason.BAD_TIMESTAMP, SeriesNames.metric(metric) + ": timeUnixNano is not an integer");
                continue;
            }
            number(out, key, metric, sum, monotonic, temporality, start, time, v, flags);
        }
    }

    private static JsonNode get(JsonNode n, String camel, String snake) {
        JsonNode v = n.get(camel);
        return v != null ? v : n.get(snake);
    }

    /** A 64-bit integer written as text (or as a number); -1 when it is neither, 0 when absent. */
    private static long nanos(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Proto3 JSON writes non-finite doubles as text. */
    private static double special(String s) {
        return switch (s) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    private static void attributes(JsonNode kvs, SeriesNames.Labels into) {
        if (kvs == null || !kvs.isArray()) {
            return;
        }
        for (JsonNode kv : kvs) {
            JsonNode k = kv.get("key");
            if (k != null) {
                into.add(k.asText(), text(kv.get("value")));
            }
        }
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        for (String f : new String[] {"stringValue", "string_value"}) {
            if (v.has(f)) {
                return v.get(f).asText();
            }
        }
        for (String f : new String[] {"intValue", "int_value", "doubleValue", "double_value", "boolValue", "bool_value",
                "bytesValue", "bytes_value"}) {
            if (v.has(f)) {
                return v.get(f).asText();
            }
        }
        return v.toString();
    }
}
