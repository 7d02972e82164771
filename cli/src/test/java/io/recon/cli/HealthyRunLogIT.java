package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.contract.ModelKind;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ShipperFleet;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A healthy run prints no WARN or ERROR: {@code recon kafka} started on an empty directory, {@code recon serve}
 * (exactly-once, its defaults) scoring records from its first transaction on, both stopped with SIGTERM, each a
 * separate process with the shipped logging configuration. Kafka's known harmless lines are filtered
 * ({@code KnownNoise}); a line at WARN or ERROR here is news. The same for a shipper format's topology.
 */
class HealthyRunLogIT {
    @TempDir
    Path dir;

    @Test
    void aCleanServeRunAndACleanBrokerRunLogNoWarningOrError() throws Exception {
        Path csv = DataGenerator.correlatedCsv(dir, 600, 6, 0.05, 4);
        Path model = dir.resolve("model");
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(model)
                .setTraining(new TrainConfig(3, 64, 3e-3, 0.2, 5, 1)).optRead(new ReadOptions("label", null, List.of()))
                .optNormalLabel("0").optModelName("healthy").optModelVersion("v1")
                .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false)).build(), ProgressListener.NONE);
        FeatureTable t = DataLoader.load(csv, new ReadOptions("label", null, List.of()));
        cleanRun(bootstrap -> { }, model, "recon.records", (bootstrap, round) -> {
            // records from three keys in a few transactions (a new transaction's first batch to a partition is
            // where Kafka's retriable CONCURRENT_TRANSACTIONS and OUT_OF_ORDER_SEQUENCE_NUMBER appear)
            List<String[]> records = new ArrayList<>();
            for (int i = round * 100; i < round * 100 + 100; i++) {
                String key = "host-" + (i % 3);
                records.add(new String[] {key, StreamFixture.record(key, t.timestamps()[i], t.featureNames(), t.rows()[i])});
            }
            StreamFixture.produce(bootstrap, "recon.records", records);
        }, 300);
    }

    /**
     * The same with a shipper format, whose topology has a repartition topic (the samples of an entity brought
     * together): Telegraf's line protocol to a topic the broker creates on first write, a model trained from it.
     */
    @Test
    void aCleanShipperFormatRunLogsNoWarningOrError() throws Exception {
        long step = 10_000L;
        long start = (System.currentTimeMillis() - 400 * step) / step * step;
        ShipperFleet fleet = new ShipperFleet(List.of("host-1", "host-2", "host-3"), start, step, 11);
        Path model = dir.resolve("model");
        cleanRun(bootstrap -> {
            StreamFixture.produceBytes(bootstrap, "telegraf", fleet.records("influx-line", 0, 200));
            assertEquals(0, Main.execute("train", "--model", "dense-ae", "--from-topic", "telegraf", "--bootstrap", bootstrap,
                    "--since", "1d", "--input-format", "influx-line", "--epochs", "5", "--seed", "3", "--out",
                    model.toString(), "-q"), "recon train --from-topic");
        }, model, "telegraf", (bootstrap, round) -> StreamFixture.produceBytes(bootstrap, "telegraf",
                fleet.records("influx-line", 200 + round * 20, 220 + round * 20)),
                3 * (260 - 2)); // each host's first step warms its counter, its last step stays open
    }

    /** A broker and a scorer as processes, {@code before} on the broker, three rounds produced, both stopped. */
    private void cleanRun(Before before, Path model, String input, Round round, int scored) throws Exception {
        int port = EmbeddedKafka.freePort();
        Path brokerLog = dir.resolve("kafka.log");
        Path serveLog = dir.resolve("serve.log");
        String bootstrap = "127.0.0.1:" + port;
        Process broker = Processes.broker(port, dir.resolve("kafka"), brokerLog);
        try {
            before.run(bootstrap);
            Process serve = Processes.recon(serveLog, "serve", "--bootstrap", bootstrap, "--model", model.toString(),
                    "--input-topics", input, "--metrics-port", "0", "--state-dir", dir.resolve("state").toString());
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!Files.readString(serveLog).contains("recon: serving") && System.nanoTime() < deadline) {
                    assertTrue(serve.isAlive(), () -> "serve exited: " + read(serveLog));
                    Thread.sleep(200);
                }
                for (int r = 0; r < 3; r++) {
                    round.produce(bootstrap, r);
                    Thread.sleep(700);
                }
                assertEquals(scored, StreamFixture.read(bootstrap, "recon.scores", scored, Duration.ofSeconds(90)).size(),
                        "every record scored once");
            } finally {
                serve.destroy();
                assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
            }
        } finally {
            broker.destroy();
            assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), warnings(serveLog), "recon serve's log:\n" + read(serveLog));
        assertEquals(List.of(), warnings(brokerLog), "recon kafka's log:\n" + read(brokerLog));
        assertTrue(read(serveLog).contains("recon: stopping"), read(serveLog));
    }

    private interface Before {
        void run(String bootstrap) throws Exception;
    }

    private interface Round {
        void produce(String bootstrap, int round) throws Exception;
    }

    private static List<String> warnings(Path log) {
        return read(log).lines().filter(l -> l.matches(".*\\b(WARN|ERROR)\\b.*")).toList();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
