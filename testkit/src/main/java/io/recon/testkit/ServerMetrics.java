package io.recon.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fleet of hosts, each with 8 correlated server metrics following a daily load cycle with noise,
 * and injected anomalies of five kinds. Time is simulated: one tick is one minute.
 *
 * <p>Deterministic for a seed. {@link #tick} gives each host's metrics for one tick, with whatever
 * anomaly is active for that host at that tick applied.
 */
public final class ServerMetrics {
    public static final List<String> METRICS = List.of("cpu", "load", "mem", "net_in", "net_out", "disk_io",
            "latency_ms", "error_rate");
    public static final long TICK_MS = 60_000L;
    private static final int DAY = 1440;

    /** The kinds of injected anomaly. */
    public enum Kind { SPIKE, LEVEL_SHIFT, DRIFT, BROKEN_CORRELATION, STUCK }

    /** One injected anomaly: host, kind, first and last tick (inclusive), metric affected. */
    public record Event(int host, Kind kind, long start, long end, int metric) {
        public boolean covers(long tick) {
            return tick >= start && tick <= end;
        }
    }

    private final int hosts;
    private final double[] hostLevel;
    private final double[] hostPhase;
    private final Random noise;
    private final List<Event> events = new ArrayList<>();
    private final float[][] last;

    public ServerMetrics(int hosts, long seed) {
        this.hosts = hosts;
        Random r = new Random(seed);
        hostLevel = new double[hosts];
        hostPhase = new double[hosts];
        for (int h = 0; h < hosts; h++) {
            hostLevel[h] = 0.8 + 0.4 * r.nextDouble();
            hostPhase[h] = r.nextGaussian() * 0.05;
        }
        noise = new Random(seed * 31 + 7);
        last = new float[hosts][METRICS.size()];
    }

    public int hosts() {
        return hosts;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /**
     * Schedules {@code count} anomalies between ticks {@code from} and {@code to}, cycling through the
     * kinds and spreading them over hosts, at least {@code gap} ticks apart on any one host.
     */
    public void injectAnomalies(long from, long to, int count, long seed) {
        Random r = new Random(seed);
        Kind[] kinds = Kind.values();
        long span = Math.max(1, (to - from) / Math.max(1, count));
        for (int i = 0; i < count; i++) {
            Kind kind = kinds[i % kinds.length];
            long start = from + i * span + r.nextInt((int) Math.max(1, span / 3));
            long length = switch (kind) {
                case SPIKE -> 3;
                case LEVEL_SHIFT -> 30;
                case DRIFT -> 60;
                case BROKEN_CORRELATION -> 25;
                case STUCK -> 90;
            };
            int metric = switch (kind) {
                case SPIKE -> r.nextInt(METRICS.size());
                case LEVEL_SHIFT -> new int[] {0, 2, 5, 6}[r.nextInt(4)];
                case DRIFT -> 2; // memory leak
                case BROKEN_CORRELATION -> 4; // net_out decouples from net_in
                case STUCK -> new int[] {0, 3, 5}[r.nextInt(3)];
            };
            events.add(new Event(i % hosts, kind, start, start + length - 1, metric));
        }
    }

    /** Metrics of every host at one tick; rows[h] has METRICS.size() values. */
    public float[][] tick(long t) {
        float[][] rows = new float[hosts][];
        for (int h = 0; h < hosts; h++) {
            rows[h] = host(h, t);
        }
        return rows;
    }

    private float[] host(int h, long t) {
        double day = 2 * Math.PI * (t % DAY) / DAY + hostPhase[h];
        double d = hostLevel[h] * (0.55 + 0.35 * Math.sin(day - Math.PI / 2)) + 0.03 * noise.nextGaussian();
        double cpu = 10 + 70 * d + 2.0 * noise.nextGaussian();
        double load = cpu / 20 + 0.15 * noise.nextGaussian();
        double mem = 35 + 25 * d + 1.0 * noise.nextGaussian();
        double netIn = 50 + 450 * d + 10 * noise.nextGaussian();
        double netOut = 0.7 * netIn + 20 + 8 * noise.nextGaussian();
        double disk = 20 + 120 * d + 5 * noise.nextGaussian();
        double latency = 15 + 40 * d * d + 1.5 * noise.nextGaussian();
        double errors = 0.2 + 0.5 * d + 0.05 * noise.nextGaussian();
        double[] v = {cpu, load, mem, netIn, netOut, disk, latency, errors};
        for (Event e : events) {
            if (e.host == h && e.covers(t)) {
                apply(e, t, v, h);
            }
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        last[h] = out;
        return out;
    }

    private void apply(Event e, long t, double[] v, int h) {
        int m = e.metric;
        double scale = new double[] {70, 3.5, 25, 450, 315, 120, 40, 0.5}[m];
        switch (e.kind) {
            case SPIKE -> v[m] += 2.0 * scale;
            case LEVEL_SHIFT -> v[m] += 0.8 * scale;
            case DRIFT -> v[m] += 1.6 * scale * (t - e.start + 1) / (e.end - e.start + 1);
            case BROKEN_CORRELATION -> v[4] = 0.7 * (50 + 450 * 0.2) + 20 + 0.2 * scale * Math.sin(t / 3.0);
            case STUCK -> v[m] = e.start == t ? last[h][m] : stuckValue(e, h);
        }
    }

    private double stuckValue(Event e, int h) {
        // a frozen sensor repeats one reading, here its value at the night-time low
        double low = new double[] {10 + 70 * 0.2, 0, 0, 50 + 450 * 0.2, 0, 20 + 120 * 0.2, 0, 0}[e.metric];
        return low * hostLevel[h];
    }
}
