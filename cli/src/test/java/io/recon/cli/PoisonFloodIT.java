package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.Json;
import io.recon.schemas.record.ScoredRecord;
import io.recon.streaming.ReconService;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of 100,000 hostile records (random bytes, truncated JSON, invalid UTF-8, duplicated fields, nesting
 * 10,000 deep, numbers of 10,000 digits, 5 MB values, tombstones, 1 MB keys) mixed with 5,000 valid ones,
 * through a real broker and the scorer under exactly-once: every hostile record is dead-lettered with the reason
 * its kind calls for, every valid one is scored once, no stream thread dies, and the heap after GC ends about
 * where it started.
 */
class PoisonFloodIT {
    private static final int VALID = 5000;

    @TempDir
    Path work;

    private record Input(byte[] key, byte[] value, String kind) {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Kinds of hostile input, how many of each, and the dead-letter reason each must get (null: any reason). */
    private static List<Input> hostile(FeatureTable data, Random r) {
        String fields = StreamFixture.record("h", 1, data.featureNames(), data.rows()[0]);
        fields = fields.substring(fields.indexOf("\"fields\":{") + "\"fields\":{".length(), fields.length() - 2);
        byte[] good = utf8(StreamFixture.record("h", 1, data.featureNames(), data.rows()[0]));
        String body = fields;
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String digits = "9".repeat(10_000);
        byte[] huge = new byte[5 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        List<Input> out = new ArrayList<>();
        add(out, "random bytes", "not_json", 48_880, () -> {
            byte[] junk = new byte[1 + r.nextInt(300)];
            r.nextBytes(junk);
            junk[0] = (byte) 0xFE; // never the start of a JSON value
            return junk;
        });
        add(out, "truncated JSON", null, 30_000, () -> java.util.Arrays.copyOf(good, 1 + r.nextInt(good.length - 2)));
        add(out, "invalid UTF-8", "not_json", 9_000, () -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(utf8("{\"key\":\"host"));
            o.write(0xC0); // an overlong encoding of '/'
            o.write(0xAF);
            o.writeBytes(utf8("\",\"timestamp\":1,\"fields\":{" + body + "}}"));
            return o.toByteArray();
        });
        add(out, "duplicated field", "duplicate_field", 10_000,
                () -> utf8("{\"fields\":{\"" + data.featureNames().get(r.nextInt(data.width())) + "\":1," + body + "}}"));
        add(out, "nesting 10,000 deep", "not_object", 1000, () -> utf8(deep));
        add(out, "10,000 digits", "non_finite", 1000, () -> utf8("{\"fields\":{" + body.replaceFirst(":[^,}]+", ":" + digits)
                + "}}"));
        add(out, "5 MB value", "too_large", 10, () -> huge);
        add(out, "tombstone", "null_value", 100, () -> null);
        byte[] bigKey = new byte[1 << 20];
        java.util.Arrays.fill(bigKey, (byte) 'k');
        for (int i = 0; i < 10; i++) {
            out.add(new Input(bigKey, good, "key_too_large"));
        }
        return out;
    }

    private static void add(List<Input> out, String what, String reason, int n, Supplier<byte[]> value) {
        for (int i = 0; i < n; i++) {
            out.add(new Input(utf8("bad-" + out.size()), value.get(), reason == null ? "*" : reason));
        }
    }

    @Test
    void everyHostileRecordIsDeadLetteredAndEveryValidOneScoredOnce() throws Exception {
        Path csv = DataGenerator.correlatedCsv(work, 1500, 4, 0.0, 91);
        Path model = work.resolve("model");
        StreamFixture.trainSmallDense(csv, model, "m", 5);
        FeatureTable data = DataLoader.load(csv, ReadOptions.defaults());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(4, "pf.records");
            try (ReconService svc = ReconService.start(StreamFixture.config(kafka, model, "pf", work.resolve("state"),
                    Map.of()))) {
                assertTrue(svc.awaitRunning(Duration.ofSeconds(60)));
                long heapBefore = usedHeapAfterGc();
                Random r = new Random(17);
                List<Input> inputs = hostile(data, r);
                int hostile = inputs.size();
                assertEquals(100_000, hostile);
                Map<String, String> expected = new HashMap<>(); // DLQ key -> reason ("*" any); big keys by prefix
                for (Input in : inputs) {
                    expected.put(new String(in.key(), 0, Math.min(in.key().length, 64), StandardCharsets.UTF_8), in.kind());
                }
                for (int i = 0; i < VALID; i++) {
                    String key = "host-" + (i % 10);
                    inputs.add(new Input(utf8(key), utf8(StreamFixture.record(key, 1_000_000L + i, data.featureNames(),
                            data.rows()[i % data.size()])), null));
                }
                Collections.shuffle(inputs, r);
                produce(kafka, "pf.records", inputs);
                inputs = null;

                List<ConsumerRecord<byte[], byte[]>> scored = StreamFixture.read(kafka, "pf.scores", VALID, Duration.ofSeconds(180));
                assertEquals(VALID, scored.size(), "every valid record scored once");
                Set<Long> times = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> s : scored) {
                    assertTrue(times.add(Json.mapper().readValue(s.value(), ScoredRecord.class).timestamp()), "no duplicates");
                }
                List<ConsumerRecord<byte[], byte[]>> dlq = StreamFixture.read(kafka, "pf.dlq", hostile, Duration.ofSeconds(180));
                assertEquals(hostile, dlq.size(), "every hostile record dead-lettered once");
                Map<String, Integer> wrong = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> d : dlq) {
                    String reason = StreamFixture.header(d, "recon.dlq.reason");
                    assertNotNull(reason);
                    assertFalse(StreamFixture.header(d, "recon.dlq.detail").isBlank(), "a detail for " + reason);
                    assertTrue(d.serializedKeySize() + Math.max(0, d.serializedValueSize()) <= 2 * 262_144,
                            "dead letters are cut to recon.dlq.max.bytes");
                    String key = new String(d.key(), 0, Math.min(d.key().length, 64), StandardCharsets.UTF_8);
                    String want = expected.get(key);
                    if (want == null || !(want.equals("*") || want.equals(reason))) {
                        wrong.merge(want + " -> " + reason, 1, Integer::sum);
                    }
                }
                assertTrue(wrong.isEmpty(), "reasons as expected: " + wrong);
                assertEquals(0, svc.metrics().count("recon.stream.thread.failures"), "no stream thread died");
                assertFalse(svc.failure().isDone());
                long heapAfter = usedHeapAfterGc();
                assertTrue(heapAfter - heapBefore < 256L << 20, "heap after GC: " + (heapBefore >> 20) + " MB before, "
                        + (heapAfter >> 20) + " MB after");
            }
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, List<Input> inputs) throws Exception {
        kafka.awaitLeaders(Duration.ofSeconds(30), topic);
        Map<String, Object> cfg = Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.request.size",
                EmbeddedKafka.MAX_MESSAGE_BYTES, "linger.ms", 5, "buffer.memory", 64L << 20);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Input in : inputs) {
                p.send(new ProducerRecord<>(topic, in.key(), in.value()));
            }
            p.flush();
        }
    }
}
