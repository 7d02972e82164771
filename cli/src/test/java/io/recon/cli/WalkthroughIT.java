package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through on your own data, run as written: its lines between the {@code walkthrough} markers go
 * into one bash script, with only the ports changed and, before the line that reads the alerts, a wait until the
 * scorer has scored what was produced (a person reads them later). The data is what the README describes: metrics
 * of three hosts with no label, a few {@code n/a} cells in the history, and today an incident on one host. The
 * launcher, the broker, the scorer and kcat (a non-Java client) are real processes.
 */
class WalkthroughIT {
    private static final String[] HOSTS = {"web-1", "web-2", "web-3"};
    private static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final int HISTORY_S = 3600;
    private static final int TODAY_S = 3600;
    private static final int INCIDENT_FROM = 1800;
    private static final int INCIDENT_TO = 1920;

    @TempDir
    Path work;

    @Test
    void theReadmeWalkthroughRunsAsWrittenAndAlertsOnTheIncident() throws Exception {
        Optional<Path> kcat = Tools.find("kcat");
        Assumptions.assumeTrue(kcat.isPresent(), Tools.skipMessage("kcat"));
        writeCsv(work.resolve("history.csv"), T0, HISTORY_S, -1, 7);
        long today = T0 + HISTORY_S * 1000L;
        writeCsv(work.resolve("today.csv"), today, TODAY_S, INCIDENT_FROM, 8);
        Path bin = Files.createDirectories(work.resolve("bin"));
        executable(work.resolve("recon"), "#!/usr/bin/env bash\nRECON_SKIP_BUILD=1 exec bash '"
                + Tools.repoRoot().resolve("recon") + "' \"$@\"\n");
        Path lib = kcat.get().getParent().getParent().resolve("lib/x86_64-linux-gnu");
        executable(bin.resolve("kcat"), "#!/usr/bin/env bash\nLD_LIBRARY_PATH='" + lib + "'${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec '"
                + kcat.get() + "' \"$@\"\n");

        int kafkaPort = EmbeddedKafka.freePort();
        int metricsPort = EmbeddedKafka.freePort();
        List<String> lines = readmeLines();
        StringBuilder script = new StringBuilder(String.join("\n", "set -euo pipefail",
                "export PATH='" + bin + "':$PATH",
                // the scorer's records scored, from its metrics endpoint, until N (a person reads alerts later)
                // (the scorer may still be starting: a refused connection is one more wait, not the script's end)
                "recon_wait() { for i in $(seq 1 900); do n=$({ curl -s 127.0.0.1:" + metricsPort + "/metrics || true; } | awk "
                        + "'/^recon_records_scored_total/ {s += $2} END {print int(s)}'); if [ \"${n:-0}\" -ge \"$1\" ]; then "
                        + "sleep 3; return 0; fi; sleep 0.5; done; echo \"scored ${n:-0} of $1\" >&2; return 1; }",
                "trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT", ""));
        for (String line : lines) {
            String l = line.replace("9092", Integer.toString(kafkaPort)).replace("9464", Integer.toString(metricsPort));
            if (l.startsWith("kcat ")) {
                l = "recon_wait " + HOSTS.length * TODAY_S + "\n" + l;
            }
            script.append(l).append('\n');
        }
        Path file = work.resolve("walkthrough.sh");
        Files.writeString(file, script.toString());
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(work.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        pb.environment().put("RECON_JAVA_OPTS", "-Xmx1g -Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        Process p = pb.start();
        boolean ended = p.waitFor(9, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8);
        String both = "script:\n" + script + "\nstdout:\n" + out + "\nstderr:\n" + err;
        System.out.println(out); // what the walk-through printed (the alerts as kcat read them), in the test report
        assertTrue(ended, "the walk-through ends: " + both);
        assertEquals(0, p.exitValue(), both);

        assertTrue(err.contains("rows with a missing value left out"), "train says what the n/a cells did: " + both);
        List<JsonNode> firing = new ArrayList<>();
        List<JsonNode> resolved = new ArrayList<>();
        for (String l : out.lines().toList()) {
            if (l.startsWith("{")) {
                JsonNode a = Json.mapper().readTree(l);
                ("firing".equals(a.path("status").asText()) ? firing : resolved).add(a);
            }
        }
        assertFalse(firing.isEmpty(), "kcat shows the incident's alert: " + both);
        for (JsonNode a : firing) {
            assertEquals("web-2", a.get("key").asText(), "only the host with the incident alerts: " + a);
            long at = (a.get("timestamp").asLong() - today) / 1000;
            assertTrue(at >= INCIDENT_FROM && at < INCIDENT_TO, "during the incident: second " + at + " " + a);
            // it explains itself: the feature that moved, from what to what, in its own units
            JsonNode top = a.get("top_features").get(0);
            assertTrue(List.of("cpu", "load").contains(top.get("feature").asText()), a.toString());
            double observed = top.get("observed").asDouble();
            double expected = top.get("expected").asDouble();
            assertTrue(observed > expected, "the incident raised it: " + a);
            if (top.get("feature").asText().equals("cpu")) {
                assertTrue(observed > 60 && expected < 60, "cpu near the incident's 75-85, expected near normal: " + a);
            }
            assertTrue(top.get("share").asDouble() > 0 && top.get("share").asDouble() <= 1, a.toString());
            assertEquals(a.get("timestamp").asLong(), a.get("episode").get("started").asLong(), a.toString());
        }
        for (JsonNode r : resolved) {
            JsonNode e = r.get("episode");
            assertEquals(r.get("timestamp").asLong(), e.get("ended").asLong(), r.toString());
            long peak = (e.get("peak_at").asLong() - today) / 1000;
            assertTrue(peak >= INCIDENT_FROM && peak < INCIDENT_TO, "the resolved alert names the incident's peak: " + r);
            assertTrue(r.get("top_features").get(0).get("observed").asDouble()
                    > r.get("top_features").get(0).get("expected").asDouble(), "the peak's features, not the quiet record's: " + r);
        }
        assertTrue(out.lines().anyMatch(l -> l.startsWith("recon_alerts_total")), "the metrics line: " + both);
    }

    /** The README's walk-through commands, as written. */
    private static List<String> readmeLines() throws Exception {
        String readme = Files.readString(Tools.repoRoot().resolve("README.md"));
        int begin = readme.indexOf("<!-- walkthrough:begin");
        int end = readme.indexOf("<!-- walkthrough:end -->");
        assertTrue(begin >= 0 && end > begin, "the README marks its walk-through");
        String block = readme.substring(readme.indexOf("```bash\n", begin) + 8, readme.lastIndexOf("```", end));
        List<String> lines = block.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 5, block);
        return lines;
    }

    /**
     * One row per host and second: cpu, mem and load follow a shared slow wave with per-host levels and noise; the
     * history has a few {@code n/a} cells; from {@code incidentFrom} for two minutes web-2's cpu and load climb.
     */
    private static void writeCsv(Path file, long t0, int seconds, int incidentFrom, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("timestamp,host,cpu,mem,load\n");
        for (int s = 0; s < seconds; s++) {
            double wave = Math.sin(2 * Math.PI * s / 900.0);
            for (int h = 0; h < HOSTS.length; h++) {
                double cpu = 30 + 5 * h + 8 * wave + r.nextGaussian();
                double mem = 55 + 3 * h + 2 * wave + 0.3 * r.nextGaussian();
                double load = 0.8 + 0.1 * h + 0.3 * wave + 0.03 * r.nextGaussian();
                if (h == 1 && incidentFrom >= 0 && s >= incidentFrom && s < incidentFrom + 120) {
                    cpu += 45;
                    load *= 4;
                }
                String loadText = incidentFrom < 0 && r.nextInt(500) == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", load);
                sb.append(Instant.ofEpochMilli(t0 + s * 1000L)).append(',').append(HOSTS[h]).append(',')
                        .append(String.format(Locale.ROOT, "%.2f,%.2f,", cpu, mem)).append(loadText).append('\n');
            }
        }
        Files.writeString(file, sb.toString());
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
