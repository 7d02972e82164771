package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebalances under load: three scorer processes share six partitions while records flow; one is killed with
 * SIGKILL, a fourth joins; every record is scored exactly once (read_committed), however the partitions moved.
 */
class RebalanceIT {
    @TempDir
    Path work;

    @Test
    void killingOneOfThreeAndAddingAFourthLosesAndDuplicatesNothing() throws Exception {
        Path csv = DataGenerator.correlatedCsv(work, 3000, 4, 0.0, 87);
        Path model = work.resolve("m");
        StreamFixture.trainSmallDense(csv, model, "rb", 3);
        FeatureTable t = DataLoader.load(csv, ReadOptions.defaults());
        int total = 12_000;
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String key = "k" + (i % 23);
            records.add(new String[] {key, StreamFixture.record(key, 50_000L + i, t.featureNames(), t.rows()[i % t.size()])});
        }
        List<Process> scorers = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(6, "rb.records");
            for (String name : List.of("a", "b", "c")) {
                scorers.add(Processes.serve(kafka.bootstrapServers(), model, "rb", work.resolve("state-" + name),
                        work.resolve("serve-" + name + ".log")));
            }
            // records flow in slices while the group changes under them
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    for (int from = 0; from < total; from += 500) {
                        StreamFixture.produce(kafka, "rb.records", records.subList(from, Math.min(total, from + 500)));
                        Thread.sleep(400);
                    }
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            }, "rb-producer");
            producer.start();
            assertTrue(StreamFixture.read(kafka, "rb.scores", 1500, Duration.ofSeconds(120)).size() >= 1500, "scoring");
            scorers.get(1).destroyForcibly().waitFor(); // SIGKILL one of three mid-stream
            Thread.sleep(2000);
            scorers.add(Processes.serve(kafka.bootstrapServers(), model, "rb", work.resolve("state-d"),
                    work.resolve("serve-d.log")));
            producer.join();
            assertEquals(null, producerFailure.get());
            List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "rb.scores", total, Duration.ofSeconds(240));
            Set<Long> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : scores) {
                JsonNode s = Json.mapper().readTree(r.value());
                assertTrue(seen.add(s.get("timestamp").asLong()), "duplicate score for " + s.get("timestamp"));
            }
            assertEquals(total, scores.size(), "every record scored exactly once through the rebalances");
            for (int i : new int[] {0, 2, 3}) {
                assertTrue(scorers.get(i).isAlive(), "scorer " + i + " still running");
            }
        } finally {
            for (Process p : scorers) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
