package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.testkit.DataGenerator;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker killed with SIGKILL in the middle of a stream and started again on its data: the scorer keeps
 * running, and every record is scored exactly once (read_committed); then the scorer itself is killed with SIGKILL
 * and a new one takes over, and the same holds. The scorer says what is happening in a few log lines.
 */
class BrokerRestartIT {
    @TempDir
    Path work;

    @Test
    void aBrokerKilledAndRestartedOnItsDataLosesAndDuplicatesNothing() throws Exception {
        Path csv = DataGenerator.correlatedCsv(work, 6000, 4, 0.0, 83);
        Path model = work.resolve("m");
        StreamFixture.trainSmallDense(csv, model, "br", 3);
        FeatureTable t = DataLoader.load(csv, ReadOptions.defaults());
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            String key = "k" + (i % 7);
            records.add(new String[] {key, StreamFixture.record(key, 10_000L + i, t.featureNames(), t.rows()[i])});
        }
        int port = io.recon.testkit.EmbeddedKafka.freePort();
        String bootstrap = "127.0.0.1:" + port;
        Path data = work.resolve("kafka");
        Path brokerLog = work.resolve("broker.log");
        Process broker = Processes.broker(port, data, brokerLog);
        Process scorer = null;
        Process second = null;
        try {
            try (Admin a = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                a.createTopics(List.of(new NewTopic("br.records", 2, (short) 1))).all().get();
            }
            Path scorerLog = work.resolve("serve-a.log");
            scorer = Processes.serve(bootstrap, model, "br", work.resolve("state-a"), scorerLog);
            String remote = bootstrap;
            StreamFixture.produce(remote, "br.records", records.subList(0, 2000));
            assertTrue(StreamFixture.read(remote, "br.scores", 500, Duration.ofSeconds(90)).size() >= 500, "scoring started");

            long linesBefore = Files.readAllLines(scorerLog).size();
            broker.destroyForcibly().waitFor(); // SIGKILL: no clean shutdown
            Thread.sleep(3000);
            broker = Processes.broker(port, data, brokerLog);
            StreamFixture.produce(remote, "br.records", records.subList(2000, 4000));
            assertUnique(StreamFixture.read(remote, "br.scores", 4000, Duration.ofSeconds(180)), 4000,
                    "after the broker's restart");
            assertTrue(scorer.isAlive(), "the scorer kept running through the broker's restart");
            List<String> outage = Files.readAllLines(scorerLog);
            long outageLines = outage.size() - linesBefore;
            assertTrue(outageLines <= 40, "a few log lines during the outage, not " + outageLines + ":\n"
                    + String.join("\n", outage.subList((int) linesBefore, outage.size())));

            scorer.destroyForcibly().waitFor();
            StreamFixture.produce(remote, "br.records", records.subList(4000, records.size()));
            second = Processes.serve(bootstrap, model, "br", work.resolve("state-b"), work.resolve("serve-b.log"));
            assertUnique(StreamFixture.read(remote, "br.scores", records.size(), Duration.ofSeconds(180)), records.size(),
                    "after the scorer's SIGKILL");
        } finally {
            for (Process p : new Process[] {scorer, second, broker}) {
                if (p != null) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static void assertUnique(List<ConsumerRecord<byte[], byte[]>> scores, int expected, String when) throws Exception {
        Set<Long> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : scores) {
            JsonNode s = Json.mapper().readTree(r.value());
            assertTrue(seen.add(s.get("timestamp").asLong()), "duplicate score for " + s.get("timestamp") + " " + when);
        }
        assertEquals(expected, scores.size(), "every record scored exactly once " + when);
    }
}
