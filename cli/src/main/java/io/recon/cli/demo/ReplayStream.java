package io.recon.cli.demo;

import io.recon.schemas.record.Alert;
import io.recon.streaming.ReconService;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.data.FeatureTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Replays CSV rows as key "replay", row i at timestamp i seconds, and collects firing alerts. */
final class ReplayStream {
    private final EmbeddedKafka kafka;
    private final ReconService service;
    private final PrintStream out;
    private final AtomicBoolean stopping;
    private final FeatureTable t;
    private final int from;
    private final List<DemoScore.Fired> fired;

    ReplayStream(EmbeddedKafka kafka, ReconService service, PrintStream out, AtomicBoolean stopping, FeatureTable t, int from,
            List<DemoScore.Fired> fired) {
        this.kafka = kafka;
        this.service = service;
        this.out = out;
        this.stopping = stopping;
        this.t = t;
        this.from = from;
        this.fired = fired;
    }

    DemoStream.Outcome run(int rate, int seconds) throws Exception {
        Map<Long, Long> producedAt = new HashMap<>();
        AlertView view = new AlertView(kafka, "recon-replay-view", out, this::show);
        long sent = 0;
        int row = from;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (row < t.size() && System.nanoTime() < end && !stopping.get()) {
                long due = from + (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; row < t.size() && row <= due; row++) {
                    producedAt.put((long) row, System.currentTimeMillis());
                    StringBuilder sb = new StringBuilder("{\"key\":\"replay\",\"timestamp\":").append(row * 1000L)
                            .append(",\"values\":[");
                    float[] v = t.rows()[row];
                    for (int i = 0; i < v.length; i++) {
                        sb.append(i == 0 ? "" : ",").append(v[i]);
                    }
                    p.send(new ProducerRecord<>(DemoRunner.INPUT, "replay".getBytes(StandardCharsets.UTF_8),
                            sb.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
                    sent++;
                }
                Thread.sleep(2);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.metrics().scoredCount() < sent && System.nanoTime() < deadline && !stopping.get()) {
            Thread.sleep(50);
        }
        Thread.sleep(1500);
        view.stop();
        out.printf("  replayed %,d rows, scored %,d, anomalies %,d%n", sent, service.metrics().scoredCount(),
                (long) service.metrics().count("recon.anomalies"));
        return new DemoStream.Outcome(sent, service.metrics().scoredCount(), row - 1, List.copyOf(fired), producedAt);
    }

    private void show(Alert a) {
        if (a.status() == Alert.Status.FIRING) {
            fired.add(new DemoScore.Fired(0, a.timestamp() / 1000, System.currentTimeMillis()));
            out.printf("  ALERT row %d  score %.3f (threshold %.3f)  top: %s%n", a.timestamp() / 1000, a.score(),
                    a.threshold(), a.topFeatures().isEmpty() ? "" : a.topFeatures().get(0).feature());
        }
    }
}
