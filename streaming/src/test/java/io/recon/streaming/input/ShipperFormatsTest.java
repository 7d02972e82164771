package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.testkit.ShipperRecords.OtlpPoint;
import io.recon.testkit.ShipperRecords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each shipper format reads its shipper's records (as {@link ShipperRecords} writes them) into named samples. */
class ShipperFormatsTest {
    private static final long T = 1_796_094_000_000L; // 2026-12-01T03:00:00Z
    private final InputSettings defaults = InputSettings.defaults();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Collected read(String format, byte[] value, byte[] key, Rejection[] whole) {
        Collected c = new Collected();
        whole[0] = InputFormats.create(format, defaults).read(key, value, 42L, c);
        return c;
    }

    private Collected read(String format, String value) {
        Rejection[] whole = new Rejection[1];
        Collected c = read(format, b(value), null, whole);
        assertNull(whole[0], "record rejected: " + whole[0]);
        return c;
    }

    private Rejection reject(String format, byte[] value) {
        Rejection[] whole = new Rejection[1];
        Collected c = read(format, value, null, whole);
        if (whole[0] != null) {
            return whole[0];
        }
        assertTrue(c.samples.isEmpty(), "no sample from a rejected record: " + c.samples);
        assertEquals(1, c.rejected.size(), "one rejection: " + c.rejected);
        return c.rejected.get(0);
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void telegrafJsonNamesSeriesByMeasurementFieldAndTagsWithTheHostAsEntity() {
        String rec = ShipperRecords.telegrafJson("cpu", Map.of("host", "web-1", "cpu", "cpu-total"),
                fields("usage_user", 0.5, "usage_system", 0.25, "usage_guest", 0L), T);
        assertEquals("{\"fields\":{\"usage_guest\":0,\"usage_system\":0.25,\"usage_user\":0.5},\"name\":\"cpu\","
                + "\"tags\":{\"cpu\":\"cpu-total\",\"host\":\"web-1\"},\"timestamp\":1796094000}\n", rec);
        Collected c = read("telegraf-json", rec);
        assertEquals(3, c.samples.size());
        Collected.S s = c.series("cpu.usage_user{cpu=\"cpu-total\"}");
        assertEquals("web-1", s.entity());
        assertEquals(T, s.timeMs(), "whole seconds read as seconds");
        assertEquals(0.5, s.value());
        assertFalse(s.counter());
        assertEquals(s.series(), s.feature());
    }

    @Test
    void telegrafBatchFormatAndTimestampUnitsAndTextFields() {
        String batch = "{\"metrics\":[" + ShipperRecords.telegrafJson("mem", Map.of("host", "a"),
                fields("used_percent", 41.5), T).trim() + ",{\"fields\":{\"uptime_format\":\"1 day\",\"up\":true},"
                + "\"name\":\"system\",\"tags\":{\"host\":\"a\"},\"timestamp\":1796094000123}]}";
        Collected c = read("telegraf-json", batch);
        assertEquals(41.5, c.series("mem.used_percent").value());
        Collected.S up = c.series("system.up");
        assertEquals(1.0, up.value(), "booleans read as 0 and 1");
        assertEquals(T + 123, up.timeMs(), "milliseconds told by their size");
        assertEquals(2, c.samples.size(), "the text field is not a metric");
    }

    @Test
    void influxLineProtocolWithEscapesIntegersAndSeveralLines() {
        String lines = ShipperRecords.influxLine("net", Map.of("host", "db 1", "interface", "eth0"),
                fields("bytes_recv", 123456L, "drop_in", 0L), T)
                + ShipperRecords.influxLine("disk", Map.of("host", "db 1", "path", "/var/lib,x"), fields("used_percent", 73.25), T);
        assertTrue(lines.startsWith("net,host=db\\ 1,interface=eth0 bytes_recv=123456i,drop_in=0i 1796094000000000000\n"),
                lines);
        Collected c = read("influx-line", lines);
        assertEquals(3, c.samples.size());
        Collected.S recv = c.series("net.bytes_recv{interface=\"eth0\"}");
        assertEquals("db 1", recv.entity());
        assertEquals(123456.0, recv.value());
        assertEquals(T, recv.timeMs(), "nanoseconds told by their size");
        assertEquals(73.25, c.series("disk.used_percent{path=\"/var/lib,x\"}").value());
    }

    @Test
    void influxLineOptionalTimestampCommentsAndBooleans() {
        Collected c = read("influx-line", "# a comment\n\nweather,host=farm,location=us-midwest temperature=82,raining=t\n");
        assertEquals(2, c.samples.size());
        assertEquals(42L, c.samples.get(0).timeMs(), "no timestamp: the Kafka record's time");
        assertEquals(1.0, c.series("weather.raining{location=\"us-midwest\"}").value());
    }

    @Test
    void aBadLineIsRejectedAloneWithItsNumber() {
        Collected c = read("influx-line", "cpu,host=a usage=1 1796094000000000000\ncpu,host=a usage= 1\n"
                + "cpu,host=a usage=3 1796094010000000000\n");
        assertEquals(2, c.samples.size());
        assertEquals(1, c.rejected.size());
        assertEquals(DeadLetterReason.BAD_LINE_PROTOCOL, c.rejected.get(0).reason());
        assertTrue(c.rejected.get(0).detail().startsWith("line 2:"), c.rejected.get(0).detail());
    }

    @Test
    void prometheusAdapterSampleWithValueAsTextAndCountersByName() {
        String rec = ShipperRecords.prometheusAdapter("node_network_receive_bytes_total",
                Map.of("instance", "web-1:9100", "job", "node", "device", "eth0"), 1.5e9, T + 15_000);
        assertEquals("{\"labels\":{\"__name__\":\"node_network_receive_bytes_total\",\"device\":\"eth0\",\"instance\":"
                + "\"web-1:9100\",\"job\":\"node\"},\"name\":\"node_network_receive_bytes_total\",\"timestamp\":"
                + "\"2026-12-01T03:00:15Z\",\"value\":\"1500000000\"}", rec);
        Collected.S s = read("prometheus-json", rec).only();
        assertEquals("web-1:9100", s.entity());
        assertEquals("node_network_receive_bytes_total{device=\"eth0\"}", s.series(), "job and __name__ are not labels here");
        assertTrue(s.counter(), "_total is a counter");
        assertEquals(T + 15_000, s.timeMs());
        Collected.S g = read("prometheus-json", ShipperRecords.prometheusAdapter("node_load1",
                Map.of("instance", "web-1:9100", "job", "node"), 0.93, T)).only();
        assertEquals("node_load1", g.series());
        assertFalse(g.counter());
        assertEquals(0.93, g.value());
    }

    @Test
    void staleMarkersAndInfinitiesAreNonFinite() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Rejection r = reject("prometheus-json", b(ShipperRecords.prometheusAdapter("up", Map.of("instance", "a"), v, T)));
            assertEquals(DeadLetterReason.NON_FINITE, r.reason(), r.detail());
        }
        assertEquals(DeadLetterReason.WRONG_TYPE, reject("prometheus-json",
                b("{\"labels\":{\"instance\":\"a\"},\"name\":\"up\",\"timestamp\":\"2026-12-01T02:20:15Z\",\"value\":\"high\"}"))
                .reason());
    }

    @Test
    void featureLabelsChooseWhatNamesAFeatureAndEntityLabelsJoin() {
        InputSettings s = new InputSettings(List.of("instance", "job"), List.of("mode"), true);
        Collected c = new Collected();
        InputFormats.create("prometheus-json", s).read(null, b(ShipperRecords.prometheusAdapter("node_cpu_seconds_total",
                Map.of("instance", "a:9100", "job", "node", "cpu", "3", "mode", "idle"), 100, T)), 0, c);
        Collected.S x = c.only();
        assertEquals("a:9100,node", x.entity());
        assertEquals("node_cpu_seconds_total{cpu=\"3\",mode=\"idle\"}", x.series());
        assertEquals("node_cpu_seconds_total{mode=\"idle\"}", x.feature());
    }

    @Test
    void otlpProtoAndJsonReadTheSameSamples() {
        Map<String, String> resource = Map.of("host.name", "web-1", "os.type", "linux");
        List<OtlpPoint> points = List.of(
                OtlpPoint.gauge("system.cpu.utilization", Map.of("state", "user"), T, 0.25),
                OtlpPoint.counter("system.network.io", Map.of("direction", "receive"), T - 600_000, T, 1.0e6),
                new OtlpPoint("http.server.requests", Map.of(), true, true, true, (T - 10_000) * 1_000_000L,
                        T * 1_000_000L, 50));
        Collected proto = new Collected();
        assertNull(InputFormats.create("otlp-proto", defaults).read(null, ShipperRecords.otlpProto(resource, points), 0, proto));
        Collected json = read("otlp-json", ShipperRecords.otlpJson(resource, points));
        assertEquals(proto.samples, json.samples);
        assertEquals(3, proto.samples.size());
        Collected.S cpu = proto.series("system.cpu.utilization{state=\"user\"}");
        assertEquals("web-1", cpu.entity(), "host.name: os.type only describes the entity");
        assertEquals(0.25, cpu.value());
        assertTrue(proto.series("system.network.io{direction=\"receive\"}").counter(), "monotonic cumulative sum");
        Collected.S delta = proto.series("rate(http.server.requests)");
        assertEquals(5.0, delta.value(), 1e-12, "a delta sum is its increment over the interval, per second");
        assertFalse(delta.counter());
    }

    @Test
    void otlpRejectsGarbageAndHistogramOnlyRequests() {
        assertEquals(DeadLetterReason.BAD_PROTOBUF, reject("otlp-proto", new byte[] {(byte) 0x0a, (byte) 0xff, 1, 2}).reason());
        byte[] full = ShipperRecords.otlpProto(Map.of("host.name", "a"), List.of(OtlpPoint.gauge("x", Map.of(), T, 1)));
        assertEquals(DeadLetterReason.BAD_PROTOBUF, reject("otlp-proto", Arrays.copyOf(full, full.length - 3))
                .reason(), "truncated");
        var histogramOnly = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder().setName("latency")
                                        .setHistogram(Histogram.newBuilder()))))
                .build().toByteArray();
        Rejection r = reject("otlp-proto", histogramOnly);
        assertEquals(DeadLetterReason.NO_SAMPLES, r.reason());
        assertTrue(r.detail().contains("histograms"), r.detail());
    }

    @Test
    void samplesWithoutAnEntityUseTheKafkaKeyOrAreRejected() {
        String rec = ShipperRecords.telegrafJson("cpu", Map.of("cpu", "cpu0"), fields("usage_user", 1.0), T);
        Rejection[] whole = new Rejection[1];
        Collected keyed = read("telegraf-json", b(rec), b("rack-7"), whole);
        assertEquals("rack-7", keyed.only().entity());
        Collected none = read("telegraf-json", b(rec), null, whole);
        assertTrue(none.samples.isEmpty());
        assertEquals(DeadLetterReason.NO_ENTITY, none.rejected.get(0).reason());
    }

    @Test
    void hugeLabelSetsAreRejected() {
        Map<String, String> many = new HashMap<>(Map.of("instance", "a"));
        for (int i = 0; i < 100; i++) {
            many.put("l" + i, "v");
        }
        assertEquals(DeadLetterReason.LABELS_TOO_LARGE, reject("prometheus-json",
                b(ShipperRecords.prometheusAdapter("up", many, 1, T))).reason());
        String longValue = "x".repeat(5000);
        assertEquals(DeadLetterReason.LABELS_TOO_LARGE, reject("prometheus-json",
                b(ShipperRecords.prometheusAdapter("up", Map.of("instance", "a", "path", longValue), 1, T))).reason());
    }

    @Test
    void wholeRecordRejections() {
        assertEquals(DeadLetterReason.NOT_JSON, reject("telegraf-json", b("{\"fields\":")).reason());
        assertEquals(DeadLetterReason.NOT_JSON, reject("prometheus-json", b("\u0000\u0001garbage")).reason());
        assertEquals(DeadLetterReason.NOT_OBJECT, reject("telegraf-json", b("5")).reason());
        assertEquals(DeadLetterReason.MISSING_FIELD, reject("telegraf-json", b("{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"}}"))
                .reason());
        assertEquals(DeadLetterReason.NO_SAMPLES, reject("telegraf-json",
                b("{\"fields\":{\"s\":\"x\"},\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},\"timestamp\":1796094000}")).reason());
        assertEquals(DeadLetterReason.BAD_TIMESTAMP, reject("telegraf-json",
                b("{\"fields\":{\"s\":1},\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},\"timestamp\":\"yesterday\"}")).reason());
        assertEquals(DeadLetterReason.BAD_LINE_PROTOCOL, reject("influx-line", b("   \n\n")).reason());
        assertEquals(DeadLetterReason.NON_FINITE, reject("influx-line", b("cpu,host=a usage=NaN")).reason());
    }

    @Test
    void inputFormatSettingPerTopic() {
        assertEquals(Map.of("a", "telegraf-json", "b", "telegraf-json"), InputFormats.byTopic("telegraf-json", List.of("a", "b")));
        assertEquals(Map.of("a", "influx-line", "b", "recon-json"), InputFormats.byTopic("a=influx-line", List.of("a", "b")));
        assertEquals(Map.of("a", "recon-json"), InputFormats.byTopic("", List.of("a")));
        assertTrue(assertThrows(() -> InputFormats.byTopic("csv", List.of("a"))).contains("one of recon-json"));
        assertTrue(assertThrows(() -> InputFormats.byTopic("c=otlp-json", List.of("a"))).contains("not an input topic"));
    }

    private static String assertThrows(Executable e) {
        return Assertions.assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
