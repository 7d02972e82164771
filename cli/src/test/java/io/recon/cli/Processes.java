package io.recon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Recon commands as separate processes (a broker, scorers) that a test can kill with SIGKILL. */
final class Processes {
    private Processes() {}

    static Process recon(Path log, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the shipped logging configuration (serve's log4j2.xml), not the tests' log4j2-test.xml
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-Dlog4j2.configurationFile=log4j2.xml", "-cp",
                System.getProperty("java.class.path"), "io.recon.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** {@code recon kafka --port P --dir D}, returned once it answers. */
    static Process broker(int port, Path dir, Path log) throws Exception {
        Process p = recon(log, "kafka", "--port", Integer.toString(port), "--dir", dir.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("broker exited: " + Files.readString(log));
            }
            try (Admin a = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port, "request.timeout.ms", 2000,
                    "default.api.timeout.ms", 3000))) {
                a.describeCluster().clusterId().get();
                return p;
            } catch (Exception notYet) {
                Thread.sleep(300);
            }
        }
        throw new IllegalStateException("broker did not come up: " + Files.readString(log));
    }

    /** {@code recon serve} for topics {@code prefix.*}, one application id per prefix, quick to notice a dead member. */
    static Process serve(String bootstrap, Path model, String prefix, Path state, Path log, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--bootstrap", bootstrap, "--model", model.toString(),
                "--input-topics", prefix + ".records", "--scores-topic", prefix + ".scores", "--alerts-topic",
                prefix + ".alerts", "--dlq-topic", prefix + ".dlq", "--application-id", prefix + "-app", "--metrics-port", "0",
                "--state-dir", state.toString(), "--batch-size", "256", "--batch-wait-ms", "50",
                "--kafka", "main.consumer.session.timeout.ms=6000", "--kafka", "main.consumer.heartbeat.interval.ms=1000"));
        args.addAll(List.of(extra));
        return recon(log, args.toArray(new String[0]));
    }
}
