package io.recon.streaming.input;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.recon.streaming.metrics.DeadLetterReason;
import java.util.Base64;
import java.util.List;

/**
 * OTLP metrics in protobuf ({@code encoding: otlp_proto}, the OpenTelemetry Collector kafka exporter's default):
 * each record is one serialized {@code ExportMetricsServiceRequest}. Bytes that are not one are
 * {@code bad_protobuf}. See {@link OtlpFormat} for what is read.
 */
final class OtlpProto extends OtlpFormat {
    OtlpProto(InputSettings settings) {
        super(settings);
    }

    @Override
    public String id() {
        return "otlp-proto";
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            return Rejection.of(DeadLetterReason.BAD_PROTOBUF, "not an OTLP ExportMetricsServiceRequest: "
                    + RecordParser.abbreviate(String.valueOf(e.getMessage())));
        }
        begin();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            resource.clear();
            attributes(rm.getResource().getAttributesList(), resource);
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    switch (m.getDataCase()) {
                        case GAUGE -> points(out, key, m.getName(), m.getGauge().getDataPointsList(), false, false, 0);
                        case SUM -> points(out, key, m.getName(), m.getSum().getDataPointsList(), true,
                                m.getSum().getIsMonotonic(), m.getSum().getAggregationTemporalityValue());
                        default -> unsupported++;
                    }
                }
            }
        }
        return end();
    }

    private void points(SampleSink out, byte[] key, String metric, List<NumberDataPoint> dps, boolean sum, boolean monotonic,
            int temporality) {
        for (NumberDataPoint p : dps) {
            point.clear();
            attributes(p.getAttributesList(), point);
            double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            if (p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET && (p.getFlags() & 1) == 0) {
                points++;
                out.reject(DeadLetterReason.MISSING_FIELD, SeriesNames.metric(metric) + ": a data point has no value");
                continue;
            }
            number(out, key, metric, sum, monotonic, temporality, p.getStartTimeUnixNano(), p.getTimeUnixNano(), v,
                    p.getFlags());
        }
    }

    private static void attributes(List<KeyValue> kvs, SeriesNames.Labels into) {
        for (KeyValue kv : kvs) {
            into.add(kv.getKey(), text(kv.getValue()));
        }
    }

    /** An attribute's value as label text. */
    static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpProto::text).toList().toString();
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream().map(kv -> kv.getKey() + "=" + text(kv.getValue()))
                    .toList().toString();
            case VALUE_NOT_SET -> "";
        };
    }
}
