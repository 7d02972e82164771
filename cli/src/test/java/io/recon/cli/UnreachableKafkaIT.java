package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that talks to Kafka, pointed at a closed port, stops within its default timeout with one line that
 * names the address and what to check; no stack trace, no "report it". A real broker then answers a client that
 * speaks SASL to its plaintext listener: named as an authentication failure.
 */
class UnreachableKafkaIT {
    @TempDir
    static Path dir;

    static Path model;
    static Path csv;

    @BeforeAll
    static void smallModel() throws Exception {
        csv = DataGenerator.correlatedCsv(dir, 400, 8, 0.05, 3);
        model = dir.resolve("model");
        StreamFixture.trainSmallDense(csv, model, "reach", 1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyKafkaCommandStopsWithOneLineOnAClosedPort() throws Exception {
        String at = "127.0.0.1:" + closedPort();
        String expected = "recon: error: cannot reach Kafka at " + at + ": connection refused; is the broker running? "
                + "check --bootstrap";
        // produce and serve with the default timeout (10 s; a broker still starting gets that long), the others
        // with --bootstrap-timeout 2s
        List<List<String>> commands = List.of(
                List.of("produce", "--bootstrap", at, "--data", csv.toString(), "--label-column", "label"),
                List.of("serve", "--bootstrap", at, "--model", model.toString()),
                List.of("publish", "--bootstrap", at, model.toString(), "--bootstrap-timeout", "2s"),
                List.of("retrain", "--bootstrap", at, "--bootstrap-timeout", "2s"),
                List.of("train", "--model", "dense-ae", "--data", csv.toString(), "--label-column", "label", "--publish",
                        "--bootstrap", at, "--out", dir.resolve("never").toString(), "--bootstrap-timeout", "2s"),
                List.of("train", "--model", "dense-ae", "--from-topic", "metrics", "--input-format", "telegraf-json",
                        "--bootstrap", at, "--out", dir.resolve("never").toString(), "--bootstrap-timeout", "2s"));
        List<String> problems = new ArrayList<>();
        for (List<String> args : commands) {
            long start = System.nanoTime();
            CliRun run = CliRun.of(args.toArray(String[]::new));
            long ms = (System.nanoTime() - start) / 1_000_000;
            String err = run.err().strip();
            if (run.exitCode() != 1 || !err.equals(expected) || ms > 15_000) {
                problems.add(args.get(0) + ": exit " + run.exitCode() + " after " + ms + " ms: " + err);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(dir.resolve("never").toFile().exists(), "train --publish asks before training, not after");
    }

    @Test
    void aWrongProtocolIsNamedAsAnAuthenticationFailure() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            CliRun run = CliRun.of("publish", "--bootstrap", kafka.bootstrapServers(), model.toString(),
                    "--kafka", "security.protocol=SASL_PLAINTEXT", "--kafka", "sasl.mechanism=PLAIN", "--kafka",
                    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" "
                            + "password=\"b\";");
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().strip().startsWith("recon: error: Kafka at " + kafka.bootstrapServers()
                    + " refused authentication: "), run.err());
            assertFalse(run.err().contains("report it"), run.err());
            CliRun ok = CliRun.of("publish", "--bootstrap", kafka.bootstrapServers(), model.toString());
            assertEquals(0, ok.exitCode(), ok.err());
            assertTrue(ok.out().contains("no running scorer follows recon.models now"), "and says nothing follows it: "
                    + ok.out());
        }
    }
}
