package io.recon.cli;

import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ServeConfig;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ShipperFleet;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Helpers for tests against a real broker: configs, producing input records, reading outputs. */
public final class StreamFixture {
    private StreamFixture() {}

    public static ServeConfig config(EmbeddedKafka kafka, Path model, String prefix, Path stateDir, Map<String, String> extra) {
        Map<String, String> flags = new HashMap<>();
        flags.put("recon.bootstrap", kafka.bootstrapServers());
        flags.put("recon.model.dir", model.toString());
        flags.put("recon.input.topics", prefix + ".records");
        flags.put("recon.scores.topic", prefix + ".scores");
        flags.put("recon.alerts.topic", prefix + ".alerts");
        flags.put("recon.dlq.topic", prefix + ".dlq");
        flags.put("recon.application.id", prefix + "-app");
        flags.put("recon.metrics.port", "0");
        flags.put("recon.state.dir", stateDir.toString());
        flags.put("recon.topics.partitions", "4");
        flags.put("recon.commit.interval.ms", "100");
        flags.putAll(extra);
        return ConfigLoader.load(flags, Map.of(), null);
    }

    /** A small dense autoencoder (8 -> 2, tanh, version v1) trained on {@code csv} into {@code out}, as the broker ITs use. */
    public static void trainSmallDense(Path csv, Path out, String name, int epochs) throws Exception {
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(out)
                .setTraining(new TrainConfig(epochs, 64, 3e-3, 0.2, 5, 1)).optModelName(name).optModelVersion("v1")
                .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false)).build(), ProgressListener.NONE);
    }

    public static String record(String key, long timestamp, List<String> names, float[] values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            fields.put(names.get(i), values[i]);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("key", key);
        r.put("timestamp", timestamp);
        r.put("fields", fields);
        try {
            return Json.mapper().writeValueAsString(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void produce(EmbeddedKafka kafka, String topic, List<String[]> keyValues) {
        try {
            kafka.awaitLeaders(Duration.ofSeconds(30), topic);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        produce(kafka.bootstrapServers(), topic, keyValues);
    }

    /** Produces to any broker (acks=all, idempotent, in order per partition), retrying while it is unavailable. */
    public static void produce(String bootstrap, String topic, List<String[]> keyValues) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", bootstrap, "max.request.size",
                EmbeddedKafka.MAX_MESSAGE_BYTES, "linger.ms", 5, "max.in.flight.requests.per.connection", 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (String[] kv : keyValues) {
                sent.add(p.send(new ProducerRecord<>(topic, kv[0] == null ? null : kv[0].getBytes(StandardCharsets.UTF_8),
                        kv[1] == null ? null : kv[1].getBytes(StandardCharsets.UTF_8))));
            }
            p.flush();
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing test records failed", e);
        }
    }

    /** Produces records given as bytes (binary formats such as OTLP protobuf), in order, acks=all. */
    public static void produceBytes(String bootstrap, String topic, List<ShipperFleet.Rec> records) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", bootstrap, "max.request.size", EmbeddedKafka.MAX_MESSAGE_BYTES,
                "linger.ms", 5, "max.in.flight.requests.per.connection", 1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (ShipperFleet.Rec r : records) {
                sent.add(p.send(new ProducerRecord<>(topic, r.key(), r.value())));
            }
            p.flush();
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing test records failed", e);
        }
    }

    /** Reads committed records from the start of a topic until {@code expected} arrived or the time is up. */
    public static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic, int expected, Duration timeout) {
        return read(kafka.bootstrapServers(), topic, expected, timeout);
    }

    /** As above, from any broker. */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int expected, Duration timeout) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", bootstrap);
        cfg.put("group.id", "reader-" + System.nanoTime());
        cfg.put("auto.offset.reset", "earliest");
        cfg.put("isolation.level", "read_committed");
        cfg.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // linger a little to catch duplicates beyond the expected count
            long settle = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < settle) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /** Waits until {@code condition} holds, checking every 50 ms; fails naming {@code what} when the time is up. */
    public static void awaitTrue(java.util.function.BooleanSupplier condition, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static String scrape(int port, String path) throws Exception {
        var client = HttpClient.newHttpClient();
        var resp = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return resp.statusCode() + "\n" + resp.body();
    }
}
