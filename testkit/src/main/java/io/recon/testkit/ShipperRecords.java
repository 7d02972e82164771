package io.recon.testkit;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka record values exactly as the metric shippers write them, for tests and benchmarks. Each method cites the
 * code its shape comes from; Go's {@code encoding/json} writes map keys sorted and escapes {@code <}, {@code >} and
 * {@code &} in strings, and formats floats as the shortest decimal, with an exponent below 1e-6 and from 1e21.
 */
public final class ShipperRecords {
    private ShipperRecords() {}

    /**
     * Telegraf, {@code [[outputs.kafka]] data_format = "json"}: plugins/serializers/json/json.go,
     * {@code createObject} + {@code json.Marshal} + a newline; the timestamp in {@code json_timestamp_units} (default
     * 1s: whole seconds). Field values are float64 or int64 (Telegraf's types); ints are given as {@link Long}.
     */
    public static String telegrafJson(String measurement, Map<String, String> tags, Map<String, ?> fields, long timeMs) {
        StringBuilder sb = new StringBuilder("{\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, ?> f : new TreeMap<>(fields).entrySet()) {
            sb.append(first ? "" : ",");
            goString(f.getKey(), sb);
            sb.append(':').append(goJsonNumber(f.getValue()));
            first = false;
        }
        sb.append("},\"name\":");
        goString(measurement, sb);
        sb.append(",\"tags\":{");
        first = true;
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
            sb.append(first ? "" : ",");
            goString(t.getKey(), sb);
            sb.append(':');
            goString(t.getValue(), sb);
            first = false;
        }
        return sb.append("},\"timestamp\":").append(Math.floorDiv(timeMs, 1000L)).append("}\n").toString();
    }

    /**
     * Telegraf, {@code [[outputs.kafka]]} with its default {@code data_format = "influx"}: plugins/serializers/influx
     * (tags sorted by key as Telegraf keeps them, fields in the given order, floats as
     * {@code strconv.FormatFloat(v, 'f', -1, 64)}, integers with an {@code i} suffix, nanosecond timestamp, newline).
     */
    public static String influxLine(String measurement, Map<String, String> tags, Map<String, ?> fields, long timeMs) {
        StringBuilder sb = new StringBuilder();
        escape(measurement, sb, false);
        for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
            sb.append(',');
            escape(t.getKey(), sb, true);
            sb.append('=');
            escape(t.getValue(), sb, true);
        }
        sb.append(' ');
        boolean first = true;
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            sb.append(first ? "" : ",");
            escape(f.getKey(), sb, true);
            sb.append('=');
            Object v = f.getValue();
            if (v instanceof Long || v instanceof Integer) {
                sb.append(v).append('i');
            } else if (v instanceof Boolean b) {
                sb.append(b);
            } else if (v instanceof String s) {
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(plain(((Number) v).doubleValue()));
            }
            first = false;
        }
        return sb.append(' ').append(timeMs * 1_000_000L).append('\n').toString();
    }

    /**
     * prometheus-kafka-adapter (Telefonica), {@code SERIALIZATION_FORMAT=json}: serializers.go, {@code Serialize}: one
     * record per sample, {@code {"labels":{...},"name":...,"timestamp":RFC 3339 at whole seconds (UTC),
     * "value":strconv.FormatFloat(v, 'f', -1, 64)}} through {@code json.Marshal} (keys sorted). The labels include
     * {@code __name__}. Records are produced without a key.
     */
    public static String prometheusAdapter(String name, Map<String, String> labels, double value, long timeMs) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("__name__", name);
        StringBuilder sb = new StringBuilder("{\"labels\":{");
        boolean first = true;
        for (Map.Entry<String, String> l : all.entrySet()) {
            sb.append(first ? "" : ",");
            goString(l.getKey(), sb);
            sb.append(':');
            goString(l.getValue(), sb);
            first = false;
        }
        sb.append("},\"name\":");
        goString(name, sb);
        sb.append(",\"timestamp\":\"").append(Instant.ofEpochSecond(Math.floorDiv(timeMs, 1000L))).append("\",\"value\":\"");
        String v = Double.isNaN(value) ? "NaN" : value == Double.POSITIVE_INFINITY ? "+Inf"
                : value == Double.NEGATIVE_INFINITY ? "-Inf" : plain(value);
        return sb.append(v).append("\"}").toString();
    }

    /** One OTLP number data point: a gauge, or a sum (cumulative or delta, monotonic or not). */
    public record OtlpPoint(String metric, Map<String, String> attributes, boolean sum, boolean monotonic, boolean delta,
            long startNanos, long timeNanos, double value) {
        public static OtlpPoint gauge(String metric, Map<String, String> attributes, long timeMs, double value) {
            return new OtlpPoint(metric, attributes, false, false, false, 0, timeMs * 1_000_000L, value);
        }

        public static OtlpPoint counter(String metric, Map<String, String> attributes, long startMs, long timeMs, double value) {
            return new OtlpPoint(metric, attributes, true, true, false, startMs * 1_000_000L, timeMs * 1_000_000L, value);
        }
    }

    /**
     * The OpenTelemetry Collector kafka exporter ({@code encoding: otlp_proto}, its default): one serialized
     * {@code ExportMetricsServiceRequest} per record (exporter/kafkaexporter, the pmetric proto marshaler), built
     * here with the OpenTelemetry proto classes: one resource with the given attributes, one scope, one metric per
     * point's metric name.
     */
    public static byte[] otlpProto(Map<String, String> resource, List<OtlpPoint> points) {
        return otlpRequest(resource, points).toByteArray();
    }

    public static ExportMetricsServiceRequest otlpRequest(Map<String, String> resource, List<OtlpPoint> points) {
        Map<String, Metric.Builder> metrics = new LinkedHashMap<>();
        for (OtlpPoint p : points) {
            Metric.Builder m = metrics.computeIfAbsent(p.metric(), n -> Metric.newBuilder().setName(n).setUnit("1"));
            NumberDataPoint.Builder dp = NumberDataPoint.newBuilder().setTimeUnixNano(p.timeNanos())
                    .setStartTimeUnixNano(p.startNanos()).setAsDouble(p.value());
            p.attributes().forEach((k, v) -> dp.addAttributes(kv(k, v)));
            if (p.sum()) {
                Sum.Builder s = m.hasSum() ? m.getSum().toBuilder() : Sum.newBuilder().setIsMonotonic(p.monotonic())
                        .setAggregationTemporality(p.delta() ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                                : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                m.setSum(s.addDataPoints(dp));
            } else {
                Gauge.Builder g = m.hasGauge() ? m.getGauge().toBuilder() : Gauge.newBuilder();
                m.setGauge(g.addDataPoints(dp));
            }
        }
        Resource.Builder r = Resource.newBuilder();
        resource.forEach((k, v) -> r.addAttributes(kv(k, v)));
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName("otelcol/hostmetricsreceiver").setVersion("0.114.0"));
        metrics.values().forEach(scope::addMetrics);
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(r)
                .addScopeMetrics(scope).setSchemaUrl("https://opentelemetry.io/schemas/1.9.0")).build();
    }

    /**
     * The same request with {@code encoding: otlp_json}: the OTLP/JSON encoding (opentelemetry-proto
     * docs/specification.md, "JSON Protobuf Encoding"): lowerCamelCase names, 64-bit integers as decimal strings,
     * enums as integers, attribute values as {@code {"stringValue":...}}, empty fields left out.
     */
    public static String otlpJson(Map<String, String> resource, List<OtlpPoint> points) {
        ExportMetricsServiceRequest req = otlpRequest(resource, points);
        StringBuilder sb = new StringBuilder("{\"resourceMetrics\":[");
        ResourceMetrics rm = req.getResourceMetrics(0);
        sb.append("{\"resource\":{\"attributes\":");
        attributes(rm.getResource().getAttributesList(), sb);
        sb.append("},\"scopeMetrics\":[{\"scope\":{\"name\":\"otelcol/hostmetricsreceiver\",\"version\":\"0.114.0\"},\"metrics\":[");
        List<Metric> ms = rm.getScopeMetrics(0).getMetricsList();
        for (int i = 0; i < ms.size(); i++) {
            Metric m = ms.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"name\":");
            goString(m.getName(), sb);
            sb.append(",\"unit\":\"1\",");
            List<NumberDataPoint> dps;
            if (m.hasSum()) {
                sb.append("\"sum\":{\"dataPoints\":");
                dps = m.getSum().getDataPointsList();
            } else {
                sb.append("\"gauge\":{\"dataPoints\":");
                dps = m.getGauge().getDataPointsList();
            }
            sb.append('[');
            for (int j = 0; j < dps.size(); j++) {
                NumberDataPoint p = dps.get(j);
                sb.append(j == 0 ? "" : ",").append('{');
                if (p.getAttributesCount() > 0) {
                    sb.append("\"attributes\":");
                    attributes(p.getAttributesList(), sb);
                    sb.append(',');
                }
                if (p.getStartTimeUnixNano() != 0) {
                    sb.append("\"startTimeUnixNano\":\"").append(p.getStartTimeUnixNano()).append("\",");
                }
                sb.append("\"timeUnixNano\":\"").append(p.getTimeUnixNano()).append("\",\"asDouble\":");
                double v = p.getAsDouble();
                sb.append(Double.isNaN(v) ? "\"NaN\"" : Double.isInfinite(v) ? (v > 0 ? "\"Infinity\"" : "\"-Infinity\"")
                        : goJsonNumber(v)).append('}');
            }
            sb.append(']');
            if (m.hasSum()) {
                sb.append(",\"aggregationTemporality\":").append(m.getSum().getAggregationTemporalityValue());
                if (m.getSum().getIsMonotonic()) {
                    sb.append(",\"isMonotonic\":true");
                }
            }
            sb.append("}}");
        }
        return sb.append("]}],\"schemaUrl\":\"https://opentelemetry.io/schemas/1.9.0\"}]}").toString();
    }

    private static void attributes(List<KeyValue> kvs, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < kvs.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"key\":");
            goString(kvs.get(i).getKey(), sb);
            sb.append(",\"value\":{\"stringValue\":");
            goString(kvs.get(i).getValue().getStringValue(), sb);
            sb.append("}}");
        }
        sb.append(']');
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal, never an exponent. */
    public static String plain(double v) {
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A number as Go's {@code encoding/json} writes a float64 or an int64. */
    static String goJsonNumber(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof String s) {
            StringBuilder sb = new StringBuilder();
            goString(s, sb);
            return sb.toString();
        }
        double d = ((Number) v).doubleValue();
        double a = Math.abs(d);
        if (a != 0 && (a < 1e-6 || a >= 1e21)) {
            // Go: 'e' format, shortest digits, exponent with at least two digits (1e-07, 1.5e+21)
            BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            int exp = b.precision() - b.scale() - 1;
            String digits = b.unscaledValue().abs().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return plain(d);
    }

    /** A JSON string as Go's encoding/json writes it (HTML-safe: {@code <}, {@code >}, {@code &} escaped). */
    static void goString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Line protocol escapes: measurements escape comma and space; tag keys, values and field keys also '='. */
    private static void escape(String s, StringBuilder sb, boolean equals) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || (equals && c == '=')) {
                sb.append('\\');
            }
            sb.append(c);
        }
    }
}
