package io.recon.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {
    @Test
    void producesAndConsumesThenCleansUp() throws Exception {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dir = kafka.dataDir();
            kafka.createTopics(2, "t");
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
                }
            }
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "g", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("t"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (got.size() < 10 && System.currentTimeMillis() < deadline) {
                    c.poll(Duration.ofMillis(200)).forEach(got::add);
                }
            }
            assertEquals(10, got.size());
        }
        assertFalse(Files.exists(dir), "temporary directory removed");
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String group, int max) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false", "max.poll.records", max),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("t"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (got.size() < max && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            c.commitSync();
        }
        return got;
    }

    @Test
    void restartsOnItsOwnDataWithTopicsRecordsAndCommittedOffsetsKept() throws Exception {
        Path dir = Files.createTempDirectory("recon-kafka-restart-");
        try {
            try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, false, 0)) {
                kafka.createTopics(1, "t");
                try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                        kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < 10; i++) {
                        p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
                    }
                }
                assertEquals(4, consume(kafka, "g", 4).size());
            }
            try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, false, 0)) {
                List<ConsumerRecord<String, String>> rest = consume(kafka, "g", 6);
                assertEquals(6, rest.size(), "the group resumes at its committed offset");
                assertEquals("v4", rest.get(0).value());
                assertEquals(10, consume(kafka, "other", 10).size(), "every record is still there");
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Test
    void withAutoCreateAProducerMayWriteToATopicNobodyCreated() throws Exception {
        Path dir = Files.createTempDirectory("recon-kafka-auto-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, true, 0, true)) {
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "max.block.ms", "20000"), new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("telegraf", "host-1", "cpu,host=host-1 usage=1")).get();
            }
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "g", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("telegraf"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    c.poll(Duration.ofMillis(200)).forEach(got::add);
                }
            }
            assertEquals(1, got.size(), "written to the topic the broker created");
        }
    }
}
