package io.recon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.cli.PublishSupport;
import io.recon.schemas.Json;
import io.recon.streaming.ReconService;
import io.recon.streaming.config.ConfigLoader;
import io.recon.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code recon bench soak}: the scorer (exactly-once, models from the model topic) under a fixed offered rate for N
 * minutes, with a model swap every minute, a malformed record every few seconds and a broker restart halfway (a
 * clean stop and a start on the same data and port). Samples records scored, dead letters, heap after GC and the
 * process's resident memory every 10 s; at the end reads every output back (read_committed) and checks the balance:
 * each valid record scored once, each malformed one dead-lettered once.
 */
public final class SoakBenchmark {
    /** Settings. */
    public record Options(int minutes, int rate, int keys, int malformedEverySeconds) {}

    private final Options o;
    private final PrintStream err;

    /** @param err where progress goes */
    public SoakBenchmark(Options o, PrintStream err) {
        this.o = o;
        this.err = err;
    }

    public Map<String, Object> run(Path work, Path modelA, Path modelB, List<String> features) throws Exception {
        int port = EmbeddedKafka.freePort();
        Path data = work.resolve("kafka");
        EmbeddedKafka[] kafka = {EmbeddedKafka.start(data, false, port)};
        String bootstrap = kafka[0].bootstrapServers();
        kafka[0].createTopics(4, "soak.records");
        PublishSupport.publish(modelA, bootstrap, "soak.models", Map.of());
        Map<String, String> f = new HashMap<>();
        f.put("recon.bootstrap", bootstrap);
        f.put("recon.model.topic", "soak.models");
        f.put("recon.input.topics", "soak.records");
        f.put("recon.scores.topic", "soak.scores");
        f.put("recon.alerts.topic", "soak.alerts");
        f.put("recon.dlq.topic", "soak.dlq");
        f.put("recon.application.id", "soak");
        f.put("recon.state.dir", work.resolve("state").toString());
        f.put("recon.metrics.port", "0");
        List<Map<String, Object>> samples = new ArrayList<>();
        long produced = 0;
        long malformed = 0;
        try (ReconService svc = ReconService.start(ConfigLoader.load(f, Map.of(), null))) {
            svc.awaitRunning(Duration.ofSeconds(60));
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(o.minutes()).toNanos();
            long nextSample = start;
            long nextSwap = start + Duration.ofMinutes(1).toNanos();
            long nextMalformed = start;
            boolean restarted = false;
            int swaps = 0;
            Map<String, Object> cfg = Map.of("bootstrap.servers", bootstrap, "linger.ms", 5, "acks", "all",
                    "delivery.timeout.ms", 300_000, "max.block.ms", 300_000);
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
                java.util.Random r = new java.util.Random(1);
                long tick = 0;
                while (System.nanoTime() < end) {
                    long now = System.nanoTime();
                    long due = (now - start) * o.rate() / 1_000_000_000L;
                    for (; produced < due; produced++) {
                        String key = "host-" + (produced % o.keys());
                        StringBuilder sb = new StringBuilder("{\"key\":\"").append(key).append("\",\"timestamp\":")
                                .append(1_700_000_000_000L + produced).append(",\"fields\":{");
                        for (int i = 0; i < features.size(); i++) {
                            sb.append(i == 0 ? "" : ",").append('"').append(features.get(i)).append("\":")
                                    .append((float) r.nextGaussian());
                        }
                        p.send(new ProducerRecord<>("soak.records", key.getBytes(StandardCharsets.UTF_8),
                                sb.append("}}").toString().getBytes(StandardCharsets.UTF_8)));
                    }
                    if (now >= nextMalformed) {
                        p.send(new ProducerRecord<>("soak.records", ("bad-" + malformed).getBytes(StandardCharsets.UTF_8),
                                ("{\"key\":\"bad\",\"fields\":{\"" + features.get(0) + "\":\"oops\"}}").getBytes(StandardCharsets.UTF_8)));
                        malformed++;
                        nextMalformed += Duration.ofSeconds(o.malformedEverySeconds()).toNanos();
                    }
                    if (now >= nextSwap) {
                        PublishSupport.publish(swaps % 2 == 0 ? modelB : modelA, bootstrap, "soak.models", Map.of());
                        swaps++;
                        nextSwap += Duration.ofMinutes(1).toNanos();
                    }
                    if (!restarted && now - start >= (end - start) / 2) {
                        BenchSupport.status(err, "soak: restarting the broker (clean stop, same data and port)");
                        p.flush();
                        kafka[0].close();
                        kafka[0] = EmbeddedKafka.start(data, false, port);
                        restarted = true;
                    }
                    if (now >= nextSample) {
                        samples.add(sample(svc, start, produced, malformed));
                        Map<String, Object> s = samples.get(samples.size() - 1);
                        BenchSupport.status(err, "soak: %s min  produced %,d  scored %,d  dead letters %,d  heap %s MB  rss %s MB",
                                s.get("minute"), produced, s.get("scored"), s.get("dead_letters"), s.get("heap_mb"), s.get("rss_mb"));
                        nextSample += Duration.ofSeconds(10).toNanos();
                    }
                    if (++tick % 4 == 0) {
                        p.flush();
                    }
                    Thread.sleep(5);
                }
                p.flush();
            }
            long wait = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (svc.metrics().scoredCount() < produced && System.nanoTime() < wait) {
                Thread.sleep(500);
            }
            Thread.sleep(1000);
            samples.add(sample(svc, start, produced, malformed));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("minutes", o.minutes());
            json.put("offered_rps", o.rate());
            json.put("produced", produced);
            json.put("malformed", malformed);
            json.put("model_swaps", swaps);
            json.put("broker_restarts", restarted ? 1 : 0);
            balance(bootstrap, produced, malformed, json);
            json.put("heap_mb_first_last", List.of(samples.get(Math.min(6, samples.size() - 1)).get("heap_mb"),
                    samples.get(samples.size() - 1).get("heap_mb")));
            json.put("heap_trend_mb_per_min", trend(samples, "heap_mb"));
            json.put("rss_trend_mb_per_min", trend(samples, "rss_mb"));
            json.put("samples", samples);
            return json;
        } finally {
            kafka[0].close();
            io.recon.testkit.TempDirs.delete(data);
        }
    }

    private static Map<String, Object> sample(ReconService svc, long start, long produced, long malformed) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("minute", Math.round((System.nanoTime() - start) / 6e9) / 10.0);
        s.put("produced", produced + malformed);
        s.put("scored", (long) svc.metrics().scoredCount());
        s.put("dead_letters", (long) svc.metrics().count("recon.dead.letters", "reason", "wrong_type"));
        s.put("heap_mb", (rt.totalMemory() - rt.freeMemory()) >> 20);
        s.put("rss_mb", rssMb());
        return s;
    }

    static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    /** Least-squares slope of a sampled value against minutes, after the first minute (warm-up). */
    static double trend(List<Map<String, Object>> samples, String field) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Map<String, Object> s : samples) {
            double x = ((Number) s.get("minute")).doubleValue();
            double y = ((Number) s.get(field)).doubleValue();
            if (x < 1 || y < 0) {
                continue;
            }
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double d = n * sxx - sx * sx;
        return n < 3 || d == 0 ? 0 : Math.round((n * sxy - sx * sy) / d * 100) / 100.0;
    }

    /** Reads every output back (read_committed): each valid record scored once, each malformed one dead-lettered once. */
    private static void balance(String bootstrap, long produced, long malformed, Map<String, Object> json) {
        Set<Long> scored = new HashSet<>();
        long[] duplicates = {0};
        long dlq = count(bootstrap, "soak.dlq", r -> { });
        count(bootstrap, "soak.scores", r -> {
            try {
                JsonNode n = Json.mapper().readTree(r.value());
                if (!scored.add(n.get("timestamp").asLong())) {
                    duplicates[0]++;
                }
            } catch (Exception e) {
                duplicates[0]++;
            }
        });
        json.put("scored", scored.size());
        json.put("duplicates", duplicates[0]);
        json.put("missing", produced - scored.size());
        json.put("dead_letters", dlq);
        json.put("balanced", scored.size() == produced && duplicates[0] == 0 && dlq == malformed);
    }

    private static long count(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", bootstrap, "group.id", "soak-check-" + System.nanoTime(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed", "enable.auto.commit", "false",
                "max.poll.records", 5000);
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long idle = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < idle) {
                var batch = c.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    idle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    each.accept(r);
                    n++;
                }
            }
        }
        return n;
    }
}
