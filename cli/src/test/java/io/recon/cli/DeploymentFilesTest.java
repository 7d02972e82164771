package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What can be checked of the deployment without a Docker engine: files parse and name only files that exist. */
class DeploymentFilesTest {
    private final Path root = Tools.repoRoot();
    private final Path docker = root.resolve("docker");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void composeParsesHasEveryServiceAndNamesOnlyExistingFiles() throws Exception {
        JsonNode compose = yaml.readTree(docker.resolve("docker-compose.yml").toFile());
        Set<String> services = new TreeSet<>();
        compose.get("services").fieldNames().forEachRemaining(services::add);
        assertEquals(Set.of("kafka", "topics", "retrain", "recon", "prometheus", "grafana"), services);
        List<String> missing = new ArrayList<>();
        compose.get("services").forEach(s -> {
            JsonNode build = s.get("build");
            if (build != null) {
                Path context = docker.resolve(build.get("context").asText()).normalize();
                Path dockerfile = context.resolve(build.get("dockerfile").asText());
                if (!Files.isRegularFile(dockerfile)) {
                    missing.add(dockerfile.toString());
                }
                missing.addAll(copySources(dockerfile, context));
            }
            JsonNode volumes = s.get("volumes");
            if (volumes != null) {
                volumes.forEach(v -> {
                    String source = v.asText().split(":")[0];
                    if ((source.startsWith("./") || source.startsWith("../")) && !Files.exists(docker.resolve(source))) {
                        missing.add(source);
                    }
                });
            }
            JsonNode dependsOn = s.get("depends_on");
            if (dependsOn != null) {
                dependsOn.fieldNames().forEachRemaining(d -> {
                    if (!services.contains(d)) {
                        missing.add("service " + d);
                    }
                });
            }
        });
        assertTrue(missing.isEmpty(), "compose names what does not exist: " + missing);
        assertTrue(compose.at("/services/recon/command").toString().contains("--metrics-host"));
    }

    private static List<String> copySources(Path dockerfile, Path context) {
        List<String> missing = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                String l = line.trim();
                if (l.startsWith("COPY ") && !l.contains("--from=")) {
                    String[] parts = l.substring(5).trim().split("\\s+");
                    for (int i = 0; i < parts.length - 1; i++) {
                        if (!parts[i].equals(".") && !Files.exists(context.resolve(parts[i]))) {
                            missing.add(dockerfile.getFileName() + ": " + parts[i]);
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            missing.add(dockerfile.toString());
        }
        return missing;
    }

    @Test
    void grafanaProvisioningParsesAndPointsAtTheDashboards() throws Exception {
        JsonNode ds = yaml.readTree(root.resolve("grafana/provisioning/datasources/prometheus.yml").toFile());
        assertEquals("prometheus", ds.at("/datasources/0/uid").asText());
        JsonNode provider = yaml.readTree(root.resolve("grafana/provisioning/dashboards/recon.yml").toFile());
        assertEquals("/var/lib/grafana/dashboards", provider.at("/providers/0/options/path").asText());
        JsonNode dash = new ObjectMapper().readTree(root.resolve("grafana/dashboards/recon-overview.json").toFile());
        assertTrue(dash.get("panels").size() >= 10);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode p : dash.get("panels")) {
            assertTrue(ids.add(p.get("id").asInt()), "panel ids unique");
            assertEquals("prometheus", p.at("/datasource/uid").asText(), p.get("title").asText());
            assertTrue(p.get("targets").size() > 0 && !p.at("/targets/0/expr").asText().isBlank());
        }
    }

    @Test
    void promtoolAcceptsThePrometheusConfiguration() throws Exception {
        Optional<Path> promtool = Tools.find("promtool");
        Assumptions.assumeTrue(promtool.isPresent(), Tools.skipMessage("promtool"));
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "config",
                docker.resolve("prometheus/prometheus.yml").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("SUCCESS"), out);
    }
}
