package io.recon.cli.demo;

import io.recon.schemas.record.Alert;
import io.recon.streaming.ReconService;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ServerMetrics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Streams the fleet's metrics at a fixed rate, prints alerts and a status line live, collects firing alerts. */
final class DemoStream {
    record Outcome(long sent, long scored, long lastTick, List<DemoScore.Fired> fired, Map<Long, Long> producedAt) {}

    private final EmbeddedKafka kafka;
    private final ReconService service;
    private final PrintStream out;
    private final AtomicBoolean stopping;
    private final List<DemoScore.Fired> fired = new CopyOnWriteArrayList<>();
    private final Map<Long, Long> producedAt = new ConcurrentHashMap<>();

    DemoStream(EmbeddedKafka kafka, ReconService service, PrintStream out, AtomicBoolean stopping) {
        this.kafka = kafka;
        this.service = service;
        this.out = out;
        this.stopping = stopping;
    }

    Outcome run(ServerMetrics fleet, long firstTick, long ticks, int ticksPerSecond, int seconds) throws Exception {
        AlertView alerts = new AlertView(kafka, "recon-demo-view", out, this::show);
        long sent = 0;
        long tick = firstTick;
        Map<String, Object> pc = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5);
        out.printf("recon demo: streaming %d hosts at %,d records/s for %d s (1 tick = 1 simulated minute)%n",
                fleet.hosts(), ticksPerSecond * fleet.hosts(), seconds);
        out.println("  (each second: records sent and scored; over threshold = scored records whose score passed the "
                + "model's threshold, which alone page no one; alerts = episodes that fired, one per host and episode, "
                + "after each host's own calibration and the false-alert budget; dead letters = records refused, with "
                + "a reason, on recon.dlq)");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long nextStatus = start + 1_000_000_000L;
            long lastScored = 0;
            while (tick < firstTick + ticks && !stopping.get()) {
                long due = firstTick + (long) ((System.nanoTime() - start) / 1e9 * ticksPerSecond);
                while (tick <= Math.min(due, firstTick + ticks - 1)) {
                    producedAt.put(tick, System.currentTimeMillis());
                    float[][] rows = fleet.tick(tick);
                    for (int h = 0; h < rows.length; h++) {
                        String key = String.format("host-%02d", h);
                        producer.send(new ProducerRecord<>(DemoRunner.INPUT, key.getBytes(StandardCharsets.UTF_8),
                                json(key, tick * ServerMetrics.TICK_MS, rows[h])));
                        sent++;
                    }
                    tick++;
                }
                long now = System.nanoTime();
                if (now >= nextStatus) {
                    long scored = service.metrics().scoredCount();
                    out.printf("  %3ds  sent %,9d  scored %,9d (%,6d/s)  over threshold %,6d  alerts %4d  dead letters %d  model %s%n",
                            (now - start) / 1_000_000_000L, sent, scored, scored - lastScored,
                            (long) service.metrics().count("recon.anomalies"), fired.size(),
                            (long) service.metrics().count("recon.dead.letters"),
                            service.models().get().contract().modelVersion());
                    lastScored = scored;
                    nextStatus += 1_000_000_000L;
                }
                Thread.sleep(2);
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.metrics().scoredCount() < sent && System.nanoTime() < deadline && !stopping.get()) {
            Thread.sleep(50);
        }
        Thread.sleep(1500); // alerts of the last batches
        alerts.stop();
        return new Outcome(sent, service.metrics().scoredCount(), tick - 1, List.copyOf(fired), new HashMap<>(producedAt));
    }

    static byte[] json(String key, long ts, float[] row) {
        StringBuilder sb = new StringBuilder(200).append("{\"key\":\"").append(key).append("\",\"timestamp\":").append(ts)
                .append(",\"fields\":{");
        for (int i = 0; i < row.length; i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(ServerMetrics.METRICS.get(i)).append("\":").append(row[i]);
        }
        return sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void show(Alert a) {
        long tick = a.timestamp() / ServerMetrics.TICK_MS;
        if (a.status() == Alert.Status.FIRING) {
            fired.add(new DemoScore.Fired(DemoRunner.hostIndex(a.key()), tick, System.currentTimeMillis()));
            StringBuilder top = new StringBuilder();
            a.topFeatures().forEach(f -> top.append(f.observed() == null ? String.format(" %s (error %.1f)", f.feature(),
                    f.error()) : String.format(" %s %.4g, expected %.4g (%.0f%%)", f.feature(), f.observed(),
                    f.expected() == null ? Double.NaN : f.expected(), 100 * f.share())));
            out.printf("  ALERT %s firing  score %.2f (threshold %.2f)  top:%s%n", a.key(), a.score(), a.threshold(), top);
        } else if (a.episode() != null && a.episode().peakScore() != null) {
            out.printf("  ok    %s resolved after %d s (peak score %.2f)%n", a.key(),
                    (a.timestamp() - a.episode().started()) / 1000, a.episode().peakScore());
        } else {
            out.printf("  ok    %s resolved%n", a.key());
        }
    }
}
