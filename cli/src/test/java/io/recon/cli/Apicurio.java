package io.recon.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Apicurio Registry 3.3.3 (Maven Central's {@code io.apicurio:apicurio-registry-app:3.3.3:all} tar.gz, a
 * Quarkus fast-jar unpacked by .ci/run into .ci/cache/apicurio) bound to 127.0.0.1, its HTTP and management ports
 * free ones, storing in an H2 file of its own so that a restart keeps the schemas (as every production registry
 * does). It needs Java 21 or newer: {@code JAVA21_HOME}, else the newest JDK under /usr/lib/jvm. Under
 * {@code CI=true} a missing registry or JDK fails the test instead of skipping it.
 */
final class Apicurio implements AutoCloseable {
    private final Path app;
    private final Path java;
    private final Path dir;
    private final int port;
    private final int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private Apicurio(Path app, Path java, Path dir) throws IOException {
        this.app = app;
        this.java = java;
        this.dir = dir;
        this.port = io.recon.testkit.EmbeddedKafka.freePort();
        this.managementPort = io.recon.testkit.EmbeddedKafka.freePort();
    }

    /** Starts a registry storing under {@code dir}, or skips the test (fails it under CI=true) when none is at hand. */
    static Apicurio start(Path dir) throws Exception {
        Optional<Path> app = app();
        Optional<Path> java = java21();
        String missing = app.isEmpty() ? "no Apicurio Registry (set APICURIO_REGISTRY_DIR to the unpacked "
                + "apicurio-registry-app-3.3.3-all.tar.gz, or run .ci/run, which fetches it into .ci/cache/apicurio)"
                : java.isEmpty() ? "no Java 21 or newer for Apicurio Registry (set JAVA21_HOME)" : null;
        if (missing != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("SKIPPED: " + missing + " (CI=true: a missing registry fails the run)");
        }
        Assumptions.assumeTrue(missing == null, "SKIPPED: " + missing);
        Apicurio a = new Apicurio(app.get(), java.get(), dir);
        a.startProcess();
        return a;
    }

    /** The Confluent-compatible API's base URL. */
    String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /**
     * Stops the registry as an orderly shutdown does (SIGTERM). Killed outright, H2 may lose the last second's
     * writes, and a registry that comes back without a schema makes its records {@code unknown_schema}, rightly.
     */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts it again on the same port with the same storage. */
    void restart() throws Exception {
        startProcess();
    }

    /** Registers a schema under a subject through the Confluent-compatible API; its id. */
    int register(String subject, String schema) throws Exception {
        String body = "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + "}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError("registering under " + subject + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return io.recon.schemas.Json.mapper().readTree(r.body()).get("id").asInt();
    }

    private void startProcess() throws Exception {
        Path log = dir.resolve("apicurio.log");
        process = new ProcessBuilder(java.toString(), "-Xmx512m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.datasource.url=jdbc:h2:file:" + dir.resolve("registry-db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "-jar", app.resolve("quarkus-run.jar").toString()).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!process.isAlive()) {
                throw new AssertionError("Apicurio Registry exited: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Apicurio Registry did not start in 120 s: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            stop();
        }
    }

    private static Optional<Path> app() {
        for (String d : Stream.of(System.getenv("APICURIO_REGISTRY_DIR"), Tools.repoRoot().resolve(".ci/cache/apicurio").toString())
                .filter(s -> s != null && !s.isBlank()).toList()) {
            if (Files.exists(Path.of(d, "quarkus-run.jar"))) {
                return Optional.of(Path.of(d));
            }
        }
        return Optional.empty();
    }

    /** {@code JAVA21_HOME}'s java, else the java of the newest JDK of version 21 or more under /usr/lib/jvm. */
    static Optional<Path> java21() {
        String home = System.getenv("JAVA21_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin/java"))) {
            return Optional.of(Path.of(home, "bin/java"));
        }
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvm)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && version(d) >= 21)
                    .max((a, b) -> Integer.compare(version(a), version(b))).map(d -> d.resolve("bin/java"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version of a JDK from its {@code release} file (JAVA_VERSION="25.0.1"), 0 when unknown. */
    private static int version(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
