package io.recon.streaming.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.streaming.metrics.DeadLetterReason;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus remote write through prometheus-kafka-adapter (its serializers.go, JSON): one sample per record,
 * {@code {"labels":{"__name__":"node_load1","instance":"a:9100","job":"node"},"name":"node_load1",
 * "timestamp":"2026-01-01T00:00:15Z","value":"0.93"}}: the value as text ({@code strconv.FormatFloat(v,'f',-1,64)},
 * so {@code NaN}, {@code +Inf} and {@code -Inf} too, which are rejected as non-finite; Prometheus marks stale
 * series with a NaN), the time in RFC 3339 at whole seconds. The adapter writes records without a key to any
 * partition, so one instance's samples are spread over all of them.
 *
 * <p>The series is the metric and its labels but {@code __name__}, {@code job} and the entity's
 * ({@code instance}). Metrics named as OpenMetrics names counters ({@code _total}, and a histogram's or summary's
 * {@code _count}, {@code _sum}, {@code _bucket}) are counters.
 */
final class PrometheusJson extends SampleFormat {
    private final SeriesNames.Labels labels = new SeriesNames.Labels();
    private final Rejection[] why = new Rejection[1];
    private final Single single = new Single();

    /** Passes the record's one sample on and keeps its rejection, which is the record's. */
    private static final class Single implements SampleSink {
        SampleSink out;
        Rejection rejection;

        @Override
        public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
            out.sample(entity, series, feature, timeMs, value, counter);
        }

        @Override
        public void vector(String key, long timeMs, List<String> names, double[] values) {
            out.vector(key, timeMs, names, values);
        }

        @Override
        public void reject(DeadLetterReason reason, String detail) {
            rejection = Rejection.of(reason, detail);
        }
    }

    PrometheusJson(InputSettings settings) {
        super(settings, List.of("instance"), Set.of("__name__", "job"));
    }

    @Override
    public String id() {
        return "prometheus-json";
    }

    static boolean counterName(String name) {
        return name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket");
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        JsonNode root = tree(value, why);
        if (root == null) {
            return why[0];
        }
        if (!root.isObject()) {
            return Rejection.of(DeadLetterReason.NOT_OBJECT, "expected a sample (a JSON object), got " + kind(root));
        }
        labels.clear();
        JsonNode l = root.get("labels");
        if (l != null && !l.isNull()) {
            if (!l.isObject()) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, "labels must be an object, got " + kind(l));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    return Rejection.of(DeadLetterReason.WRONG_TYPE, "label " + SeriesNames.metric(e.getKey())
                            + " must be a string, got " + kind(e.getValue()));
                }
                labels.add(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode n = root.get("name");
        String name = n != null && n.isTextual() ? n.asText() : labels.get("__name__");
        if (name == null || name.isEmpty()) {
            return Rejection.of(DeadLetterReason.MISSING_FIELD, "a sample needs a name (or a __name__ label)");
        }
        JsonNode v = root.get("value");
        if (v == null || v.isNull()) {
            return Rejection.of(DeadLetterReason.MISSING_FIELD, SeriesNames.metric(name) + " has no value");
        }
        double x;
        if (v.isNumber()) {
            x = v.asDouble();
        } else if (v.isTextual()) {
            x = number(v.asText());
            if (Double.isNaN(x) && !v.asText().equals("NaN")) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, SeriesNames.metric(name) + " has value "
                        + RecordParser.abbreviate(v.asText()) + ", not a number");
            }
        } else {
            return Rejection.of(DeadLetterReason.WRONG_TYPE, SeriesNames.metric(name) + ": value must be a number as text, got "
                    + kind(v));
        }
        JsonNode t = root.get("timestamp");
        long time = timestamp;
        if (t != null && !t.isNull()) {
            time = t.isTextual() ? EpochTime.parse(t.asText()) : t.isIntegralNumber() ? EpochTime.millis(t.asLong())
                    : t.isNumber() ? EpochTime.millis(t.asDouble()) : -1;
            if (time < 0) {
                return Rejection.of(DeadLetterReason.BAD_TIMESTAMP, SeriesNames.metric(name) + ": timestamp "
                        + RecordParser.abbreviate(t.toString()) + " is not a time");
            }
        }
        single.out = out;
        single.rejection = null;
        emit(single, null, labels, key, name, time, x, counterName(name));
        single.out = null;
        return single.rejection; // the record is this one sample: its rejection is the record's
    }

    /** Go's float text ({@code 0.93}, {@code 1e+06}, {@code NaN}, {@code +Inf}, {@code -Inf}); NaN when it is none. */
    static double number(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (s.isEmpty() || s.indexOf('x') >= 0 || s.indexOf('X') >= 0 || !Character.isDigit(s.charAt(s.length() - 1))
                && s.charAt(s.length() - 1) != '.') {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
