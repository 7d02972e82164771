package io.recon.bench;

import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.data.FeatureTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency at a fixed offered rate: records carrying their send time (epoch ms) in
 * {@code timestamp} are produced to an app's input topic at {@code rate} per second, and its output is
 * read {@code read_committed} (what a downstream consumer sees: under exactly-once, only committed
 * transactions); latency is receive time minus send time. The consumer has its partitions before the
 * first record is sent, and the first {@value #WARMUP_MS} ms of records (JIT, first fetches) are sent
 * but not counted.
 */
final class LatencyBench {
    static final long WARMUP_MS = 2000;

    private final EmbeddedKafka kafka;
    private final FeatureTable table;
    private final int rate;
    private final int seconds;

    LatencyBench(EmbeddedKafka kafka, FeatureTable table, int rate, int seconds) {
        this.kafka = kafka;
        this.table = table;
        this.rate = rate;
        this.seconds = seconds;
    }

    /** Returns {p50, p99} in ms, NaN when nothing came out. The app reading {@code input} must be running. */
    double[] measure(String input, String output) throws Exception {
        List<Double> lat = new ArrayList<>();
        Map<Long, long[]> slowest = new HashMap<>(); // per 10 ms of send time, its slowest record: {send time, latency}
        Map<String, Object> pc = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0);
        Map<String, Object> cc = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id",
                "latency-" + output, "auto.offset.reset", "earliest", "isolation.level", "read_committed"));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(output));
            long joinDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.assignment().isEmpty() && System.nanoTime() < joinDeadline) {
                c.poll(Duration.ofMillis(20));
            }
            c.seekToEnd(c.assignment());
            c.assignment().forEach(c::position); // resolve the end offsets now: only what is sent from here on is read
            long countFrom = System.currentTimeMillis() + WARMUP_MS;
            long total = (long) rate * (seconds + WARMUP_MS / 1000);
            long start = System.nanoTime();
            long sent = 0;
            while (sent < total) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < Math.min(due, total); sent++) {
                    String key = "host-" + (sent % 50);
                    p.send(new ProducerRecord<>(input, key.getBytes(StandardCharsets.UTF_8),
                            StreamBenchmark.json(key, System.currentTimeMillis(), table, (int) (sent % table.size()))));
                }
                poll(c, lat, slowest, Duration.ofMillis(1), countFrom);
            }
            long counted = (long) rate * seconds;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lat.size() < counted && System.nanoTime() < deadline) {
                poll(c, lat, slowest, Duration.ofMillis(50), countFrom);
            }
        }
        lat.sort(Double::compare);
        if (lat.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        StringBuilder sb = new StringBuilder("bench: latency of " + output + ", ms:");
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
            sb.append(String.format(" p%s %.0f", q * 100, percentile(lat, q)));
        }
        List<long[]> worst = slowest.values().stream().sorted((a, b) -> Long.compare(b[1], a[1])).limit(SLOWEST)
                .sorted((a, b) -> Long.compare(a[0], b[0])).toList();
        StringBuilder slow = new StringBuilder("bench: slowest records of " + output + " (sent at UTC, ms; one per 10 ms):");
        java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC);
        for (long[] s : worst) {
            slow.append(' ').append(hms.format(java.time.Instant.ofEpochMilli(s[0]))).append(' ').append(s[1]);
        }
        System.err.println(sb);
        System.err.println(slow);
        System.err.println("bench: stream threads of the app under test, longest commit/poll/process/punctuate "
                + "(ms, start-up included): " + streamThreadMaxima());
        return new double[] {lat.get(lat.size() / 2), percentile(lat, 0.99)};
    }

    /** Keeps, for each 10 ms of send time, its slowest record (a stall shows as a few neighbouring entries). */
    private static void keepSlowest(Map<Long, long[]> slowest, long sent, long latency) {
        long[] s = slowest.computeIfAbsent(sent / 10, b -> new long[] {sent, -1});
        if (latency > s[1]) {
            s[0] = sent;
            s[1] = latency;
        }
    }

    private static final int SLOWEST = 5;

    /**
     * The longest commit, poll, process and punctuate of each Kafka Streams thread now running (Kafka Streams' own
     * thread metrics, read over JMX): where a stream thread was away from its records.
     */
    private static String streamThreadMaxima() {
        StringBuilder sb = new StringBuilder();
        javax.management.MBeanServer mbs = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        java.util.Set<javax.management.ObjectName> names;
        try {
            names = mbs.queryNames(new javax.management.ObjectName("kafka.streams:type=stream-thread-metrics,*"), null);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        for (javax.management.ObjectName n : names) {
            StringBuilder one = new StringBuilder(n.getKeyProperty("thread-id").replaceAll(".*-StreamThread", "StreamThread"))
                    .append(':');
            try {
                for (String m : new String[] {"commit", "poll", "process", "punctuate"}) {
                    Object v = mbs.getAttribute(n, m + "-latency-max");
                    one.append(' ').append(m).append(' ').append(v instanceof Double d && !d.isNaN() ? Math.round(d) : "-");
                }
                sb.append(one).append("; ");
            } catch (javax.management.JMException e) {
                // an MBean without all four (being registered or removed) is left out
            }
        }
        return sb.toString();
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(List<Double> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * q) - 1));
    }

    private static void poll(KafkaConsumer<byte[], byte[]> c, List<Double> lat, Map<Long, long[]> slowest, Duration d,
            long countFrom) {
        long now = System.currentTimeMillis();
        for (var r : c.poll(d)) {
            String s = new String(r.value(), StandardCharsets.UTF_8);
            int i = s.indexOf("\"timestamp\":") + 12;
            int end = i;
            while (end < s.length() && Character.isDigit(s.charAt(end))) {
                end++;
            }
            long sent = Long.parseLong(s.substring(i, end));
            if (sent >= countFrom) {
                lat.add((double) (now - sent));
                keepSlowest(slowest, sent, now - sent);
            }
        }
    }
}
