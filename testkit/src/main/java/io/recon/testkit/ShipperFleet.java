package io.recon.testkit;

import io.recon.testkit.ShipperRecords.OtlpPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small fleet of hosts reporting the same machine metrics every {@code stepMs}, written as each shipper writes
 * them ({@link ShipperRecords}): Telegraf (JSON or line protocol, keyed by host as with {@code routing_tag = "host"}),
 * node_exporter samples through prometheus-kafka-adapter (no key), the OpenTelemetry Collector's hostmetrics (OTLP,
 * no key). Underneath, per host: CPU user and system shares following a slow cycle, memory in use tied to CPU,
 * load, and a network byte counter. An incident on a host breaks the tie: CPU and load jump while memory drops.
 */
public final class ShipperFleet {
    /** One Kafka record: key (or null) and value. */
    public record Rec(byte[] key, byte[] value) {}

    private final List<String> hosts;
    private final long startMs;
    private final long stepMs;
    private final Map<String, long[]> incidents = new LinkedHashMap<>();
    private final long seed;

    /** @param startMs the first step's time; steps follow every {@code stepMs} */
    public ShipperFleet(List<String> hosts, long startMs, long stepMs, long seed) {
        this.hosts = List.copyOf(hosts);
        this.startMs = startMs;
        this.stepMs = stepMs;
        this.seed = seed;
    }

    /** Steps {@code [from, to)} of {@code host} are an incident. */
    public ShipperFleet incident(String host, long from, long to) {
        incidents.put(host, new long[] {from, to});
        return this;
    }

    public List<String> hosts() {
        return hosts;
    }

    public long time(long step) {
        return startMs + step * stepMs;
    }

    /** The underlying values of a host at a step: cpu user and system share, memory used %, load, bytes/s. */
    double[] state(String host, long step) {
        Random r = new Random(seed * 1_000_003L + host.hashCode() * 7919L + step);
        double cycle = Math.sin(2 * Math.PI * step / 240.0);
        int h = Math.abs(host.hashCode() % 7);
        double u = 0.25 + 0.03 * h + 0.12 * cycle + 0.01 * r.nextGaussian();
        double s = 0.3 * u + 0.005 * r.nextGaussian();
        double mem = 55 + 4 * h + 25 * u + 0.3 * r.nextGaussian();
        double load = 4 * u + 0.08 * r.nextGaussian();
        double net = 4e5 + 8e5 * u + 1e4 * r.nextGaussian();
        long[] inc = incidents.get(host);
        if (inc != null && step >= inc[0] && step < inc[1]) {
            u += 0.45;
            load += 4;
            mem -= 15;
        }
        return new double[] {u, s, mem, load, net};
    }

    /** Cumulative counters of a host at a step: cpu user seconds, cpu system seconds, network bytes. */
    double[] counters(String host, long step) {
        double[] c = {1000, 400, 5e9};
        for (long k = 1; k <= step; k++) { // step 0 reports the starting readings
            double[] x = state(host, k);
            double dt = stepMs / 1000.0;
            c[0] += x[0] * dt;
            c[1] += x[1] * dt;
            c[2] += Math.floor(x[4] * dt);
        }
        return c;
    }

    /** Every record of steps {@code [from, to)}, in the order the shipper sends them. */
    public List<Rec> records(String format, long from, long to) {
        List<Rec> out = new ArrayList<>();
        Map<String, double[]> running = new LinkedHashMap<>();
        for (String host : hosts) {
            running.put(host, from == 0 ? new double[] {1000, 400, 5e9} : counters(host, from - 1));
        }
        for (long k = from; k < to; k++) {
            for (String host : hosts) {
                double[] x = state(host, k);
                double[] c = running.get(host);
                double dt = stepMs / 1000.0;
                if (k > 0 || from > 0) {
                    c[0] += x[0] * dt;
                    c[1] += x[1] * dt;
                    c[2] += Math.floor(x[4] * dt);
                }
                out.addAll(records(format, host, time(k), x, c));
            }
        }
        return out;
    }

    private static Rec rec(String key, String value) {
        return new Rec(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static double round(double v, int digits) {
        double p = Math.pow(10, digits);
        return Math.round(v * p) / p;
    }

    private List<Rec> records(String format, String host, long t, double[] x, double[] c) {
        List<Rec> out = new ArrayList<>();
        switch (format) {
            case "telegraf-json", "influx-line" -> {
                boolean json = format.equals("telegraf-json");
                Map<String, Object> cpu = new LinkedHashMap<>();
                cpu.put("usage_user", round(100 * x[0], 3));
                cpu.put("usage_system", round(100 * x[1], 3));
                List<Object[]> metrics = List.of(
                        new Object[] {"cpu", Map.of("host", host, "cpu", "cpu-total"), cpu},
                        new Object[] {"mem", Map.of("host", host), Map.of("used_percent", round(x[2], 3))},
                        new Object[] {"system", Map.of("host", host), Map.of("load1", round(x[3], 2))},
                        new Object[] {"net", Map.of("host", host, "interface", "eth0"), Map.of("bytes_recv", (long) c[2])});
                for (Object[] m : metrics) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> tags = (Map<String, String>) m[1];
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = (Map<String, Object>) m[2];
                    out.add(rec(host, json ? ShipperRecords.telegrafJson((String) m[0], tags, fields, t)
                            : ShipperRecords.influxLine((String) m[0], tags, fields, t)));
                }
            }
            case "prometheus-json" -> {
                Map<String, String> base = Map.of("instance", host + ":9100", "job", "node");
                out.add(rec(null, ShipperRecords.prometheusAdapter("node_cpu_seconds_total", with(base, "cpu", "0", "mode", "user"),
                        round(c[0], 2), t)));
                out.add(rec(null, ShipperRecords.prometheusAdapter("node_cpu_seconds_total", with(base, "cpu", "0", "mode",
                        "system"), round(c[1], 2), t)));
                out.add(rec(null, ShipperRecords.prometheusAdapter("node_memory_MemAvailable_bytes", base,
                        Math.floor(16e9 * (1 - x[2] / 100)), t)));
                out.add(rec(null, ShipperRecords.prometheusAdapter("node_load1", base, round(x[3], 2), t)));
                out.add(rec(null, ShipperRecords.prometheusAdapter("node_network_receive_bytes_total", with(base, "device",
                        "eth0"), c[2], t)));
            }
            case "otlp-json", "otlp-proto" -> {
                long start = startMs - 3_600_000L;
                List<OtlpPoint> points = List.of(
                        OtlpPoint.counter("system.cpu.time", Map.of("cpu", "cpu0", "state", "user"), start, t, round(c[0], 2)),
                        OtlpPoint.counter("system.cpu.time", Map.of("cpu", "cpu0", "state", "system"), start, t, round(c[1], 2)),
                        OtlpPoint.gauge("system.memory.utilization", Map.of("state", "used"), t, round(x[2] / 100, 5)),
                        OtlpPoint.gauge("system.cpu.load_average.1m", Map.of(), t, round(x[3], 2)),
                        OtlpPoint.counter("system.network.io", Map.of("device", "eth0", "direction", "receive"), start, t, c[2]));
                Map<String, String> resource = Map.of("host.name", host, "os.type", "linux");
                out.add(format.equals("otlp-proto") ? new Rec(null, ShipperRecords.otlpProto(resource, points))
                        : rec(null, ShipperRecords.otlpJson(resource, points)));
            }
            default -> throw new IllegalArgumentException("no fleet records for format " + format);
        }
        return out;
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
