package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.assembly.Counters;
import io.recon.streaming.assembly.OfflineAssembly;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ShipperFleet.Rec;
import io.recon.testkit.ShipperFleet;
import io.recon.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Exactly once through the assembly under a crash and rebalances: two {@code recon serve} processes share the
 * work of reading Prometheus samples that keep coming (unkeyed, over four partitions, so every host's samples cross
 * the repartition topic); one is killed with SIGKILL while steps are open and samples are in flight, a third joins,
 * and their tasks move with the changelogged assembly state. Every (host, step) is scored exactly once, with the
 * score of the vector an uninterrupted assembly makes.
 */
class AssemblyCrashIT {
    private static final long STEP = 15_000L;
    private static final int TRAIN = 300;
    private static final int LIVE = 160;

    @Test
    void aKilledScorerAndAJoiningOneLoseNoStepAndScoreNoneTwice() throws Exception {
        Path work = Files.createTempDirectory("recon-assembly-crash-it");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            long start = (System.currentTimeMillis() - (TRAIN + LIVE + 20) * STEP) / STEP * STEP;
            ShipperFleet fleet = new ShipperFleet(List.of("a", "b", "c", "d"), start, STEP, 11);
            kafka.createTopics(4, "ac.train", "ac.records");
            kafka.awaitLeaders(Duration.ofSeconds(30), "ac.train", "ac.records");
            StreamFixture.produceBytes(kafka.bootstrapServers(), "ac.train", fleet.records("prometheus-json", 0, TRAIN));
            Path model = work.resolve("m");
            assertEquals(0, Main.execute("train", "--model", "dense-ae", "--from-topic", "ac.train", "--bootstrap",
                    kafka.bootstrapServers(), "--since", "1h", "--input-format", "prometheus-json", "--step", "15s",
                    "--epochs", "5", "--name", "crash", "--model-version", "v1", "--out", model.toString(), "-q"));

            List<Rec> live = fleet.records("prometheus-json", TRAIN, TRAIN + LIVE);
            Process first = serve(kafka, work, "a");
            Process second = serve(kafka, work, "b");
            // samples flow in slices (4 steps every 400 ms) while the group changes under them; the first slice once
            // the two scorers run
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            AtomicInteger produced = new AtomicInteger();
            int slice = 4 * fleet.hosts().size() * 5;
            StreamFixture.produceBytes(kafka.bootstrapServers(), "ac.records", live.subList(0, slice));
            produced.set(slice);
            assertTrue(StreamFixture.read(kafka, "ac.scores", 8, Duration.ofSeconds(90)).size() >= 8, "the scorers run");
            Thread producer = new Thread(() -> {
                try {
                    for (int from = slice; from < live.size(); from += slice) {
                        StreamFixture.produceBytes(kafka.bootstrapServers(), "ac.records",
                                live.subList(from, Math.min(live.size(), from + slice)));
                        produced.addAndGet(slice);
                        Thread.sleep(400);
                    }
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            }, "ac-producer");
            producer.start();
            assertTrue(StreamFixture.read(kafka, "ac.scores", 40, Duration.ofSeconds(90)).size() >= 40,
                    "the two processes scored");
            first.destroyForcibly().waitFor(); // mid-stream: its tasks move to the others with their state
            assertTrue(produced.get() < live.size(), "killed while samples still flow");
            Process third = serve(kafka, work, "c");
            producer.join();
            assertEquals(null, producerFailure.get());
            try {
                int hosts = fleet.hosts().size();
                int expected = hosts * (LIVE - 2); // each host's first step warms its counters; its last stays open
                List<ConsumerRecord<byte[], byte[]>> scores = StreamFixture.read(kafka, "ac.scores", expected,
                        Duration.ofSeconds(150));
                Map<String, Float> reference = reference(live, model);
                Map<String, Float> seen = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : scores) {
                    JsonNode s = Json.mapper().readTree(r.value());
                    String id = s.get("key").asText() + "@" + s.get("timestamp").asLong();
                    assertTrue(seen.put(id, s.get("score").floatValue()) == null, "scored twice: " + id);
                }
                if (scores.size() != expected) {
                    TreeSet<String> missing = new TreeSet<>(reference.keySet());
                    missing.removeAll(seen.keySet());
                    Map<String, Integer> dead = new TreeMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, "ac.dlq", 1, Duration.ofSeconds(3))) {
                        dead.merge(StreamFixture.header(r, "recon.dlq.reason") + ": " + StreamFixture.header(r,
                                "recon.dlq.detail"), 1, Integer::sum);
                    }
                    throw new AssertionError("every host and step scored exactly once across the crash: " + scores.size()
                            + " of " + expected + "; missing " + missing.size() + " " + missing + "; dead letters " + dead
                            + "; samples of the first missing step in the repartition topic: " + samplesOf(kafka,
                            missing.first()));
                }
                assertEquals(reference.keySet(), seen.keySet());
                for (Map.Entry<String, Float> e : reference.entrySet()) {
                    assertEquals(e.getValue(), seen.get(e.getKey()), 1e-4f * Math.max(1, Math.abs(e.getValue())),
                            "the score of " + e.getKey() + " is that of the uninterrupted vector");
                }
                assertTrue(second.isAlive() && third.isAlive(), "the other scorers still run");
            } finally {
                for (Process p : new Process[] {second, third}) {
                    p.destroy();
                    p.waitFor();
                }
            }
        } finally {
            if (System.getProperty("recon.keep") == null) { // -Drecon.keep=1 keeps the processes' logs for a look
                TempDirs.delete(work);
            } else {
                System.err.println("kept " + work);
            }
        }
    }

    /** For a failure's message: the samples of entity@time's neighbourhood in the repartition topic, with their origin. */
    private static List<String> samplesOf(EmbeddedKafka kafka, String id) {
        String entity = id.substring(0, id.indexOf('@'));
        long t = Long.parseLong(id.substring(id.indexOf('@') + 1));
        List<String> out = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : StreamFixture.read(kafka, "ac-app-samples-repartition", 1, Duration.ofSeconds(5))) {
            if (r.key() == null || !entity.equals(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                continue;
            }
            try {
                for (io.recon.streaming.assembly.SampleBatch.Sample x : io.recon.streaming.assembly.SampleBatch.decode(r.value())) {
                    if (Math.abs(x.timeMs() - t) <= 2 * STEP) {
                        out.add(x.series() + "@" + x.timeMs() + " from p" + StreamFixture.header(r, "recon.origin.partition")
                                + " -> r" + r.partition() + "#" + r.offset());
                    }
                }
            } catch (IllegalArgumentException notSamples) {
                // a dead letter passing through
            }
        }
        return out;
    }

    /** Scores of the vectors an uninterrupted assembly makes of the live records (the last open step aside). */
    private static Map<String, Float> reference(List<Rec> live, Path modelDir) throws Exception {
        try (OnnxModel model = OnnxModel.load(modelDir, ScorerOptions.defaults())) {
            List<String> features = model.contract().features();
            OfflineAssembly a = new OfflineAssembly("prometheus-json", InputSettings.defaults(),
                    new AssemblyConfig(STEP, STEP, true, 3, 2000), Counters.ofFeatures(features));
            for (Rec r : live) {
                a.add(r.key(), r.value(), 0);
            }
            Map<String, Long> last = new HashMap<>();
            List<FeatureVector> vectors = a.finish().vectors();
            vectors.forEach(v -> last.merge(v.key(), v.timestamp(), Math::max));
            Map<String, Float> out = new HashMap<>();
            for (FeatureVector v : vectors) {
                if (v.timestamp() == last.get(v.key())) {
                    continue; // closed only by the end of the input; the stream keeps it open
                }
                float[][] row = new float[1][features.size()];
                for (int f = 0; f < features.size(); f++) {
                    row[0][f] = (float) v.get(features.get(f));
                }
                out.put(v.key() + "@" + v.timestamp(), model.scoreAll(row).score()[0]);
            }
            return out;
        }
    }

    private static Process serve(EmbeddedKafka kafka, Path work, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.recon.cli.Main", "serve",
                "--bootstrap", kafka.bootstrapServers(), "--model", work.resolve("m").toString(), "--input-topics", "ac.records",
                "--input-format", "prometheus-json", "--step", "15s", "--scores-topic", "ac.scores", "--alerts-topic",
                "ac.alerts", "--dlq-topic", "ac.dlq", "--application-id", "ac-app", "--metrics-port", "0", "--state-dir",
                work.resolve("state-" + name).toString(), "--commit-interval-ms", "100",
                "--kafka", "main.consumer.session.timeout.ms=6000", "--kafka", "main.consumer.heartbeat.interval.ms=1000");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("serve-" + name + ".log").toFile())
                .start();
    }
}
