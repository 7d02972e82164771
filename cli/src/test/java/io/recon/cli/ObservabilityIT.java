package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.ReconService;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.EmbeddedKafka;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboards and alert rules query only metrics a running service exports; a real Prometheus scrapes it. */
class ObservabilityIT {
    private static final Pattern METRIC = Pattern.compile("\\b((?:recon|kafka|jvm|process|system)_[a-zA-Z0-9_]+)\\b");
    static EmbeddedKafka kafka;
    static ReconService service;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        work = Files.createTempDirectory("recon-obs-it");
        Path csv = DataGenerator.correlatedCsv(work, 1500, 4, 0.05, 41);
        TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(work.resolve("m"))
                .setTraining(new TrainConfig(10, 64, 3e-3, 0.2, 5, 1)).optRead(new ReadOptions("label", null, List.of()))
                .optNormalLabel("0").optModelName("obs").optModelVersion("v1")
                .optDense(new DenseAeConfig(List.of(8, 2), Activation.TANH, 0, 0, false))
                .optThreshold(io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.99)).build(), ProgressListener.NONE);
        service = ReconService.start(StreamFixture.config(kafka, work.resolve("m"), "obs", work.resolve("state"),
                Map.of("recon.alert.cooldown.ms", "3600000")));
        FeatureTable t = DataLoader.load(csv, new ReadOptions("label", null, List.of()));
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            String key = "host-" + (i % 3);
            records.add(new String[] {key, StreamFixture.record(key, t.timestamps()[i], t.featureNames(), t.rows()[i])});
        }
        // an incident at the end that no budget lets pass unnoticed: host-0 is firing when the metrics are scraped
        long last = t.timestamps()[t.size() - 1];
        for (int i = 1; i <= 3; i++) {
            float[] extreme = t.rows()[0].clone();
            for (int f = 0; f < extreme.length; f++) {
                extreme[f] = 50 * (Math.abs(extreme[f]) + 1);
            }
            records.add(new String[] {"host-0", StreamFixture.record("host-0", last + i * 1000L, t.featureNames(), extreme)});
        }
        records.add(new String[] {"bad", "not json"});
        StreamFixture.produce(kafka, "obs.records", records);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.metrics().scoredCount() < t.size() + 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        service.close();
        kafka.close();
    }

    @Test
    void everyMetricTheDashboardsAndRulesQueryIsExported() throws Exception {
        // JVM GC pause timers appear with the first collection, which a running service always has had;
        // this young test JVM may not have collected yet
        System.gc();
        Thread.sleep(200);
        String scrape = StreamFixture.scrape(service.metricsPort(), "/metrics");
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]")[0]);
            }
        }
        Set<String> queried = new TreeSet<>();
        Path root = Tools.repoRoot();
        JsonNode dash = new ObjectMapper().readTree(root.resolve("grafana/dashboards/recon-overview.json").toFile());
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queried.addAll(metricNames(target.get("expr").asText()));
            }
        }
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker/prometheus/recon-rules.yml").toFile());
        for (JsonNode rule : rules.at("/groups/0/rules")) {
            queried.addAll(metricNames(rule.get("expr").asText()));
        }
        assertTrue(queried.size() >= 15, "queried: " + queried);
        List<String> missing = queried.stream().filter(m -> !exported.contains(m)).toList();
        assertTrue(missing.isEmpty(), "dashboards query metrics the service does not export: " + missing);
    }

    static Set<String> metricNames(String promql) {
        String stripped = promql.replaceAll("\"[^\"]*\"", "\"\"");
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(stripped);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void realPrometheusScrapesTheServiceAndAnswersQueries() throws Exception {
        Optional<Path> prometheus = Tools.find("prometheus");
        Assumptions.assumeTrue(prometheus.isPresent(), Tools.skipMessage("prometheus"));
        Path dir = Files.createTempDirectory(work, "prom");
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                + "  - job_name: recon\n    static_configs:\n      - targets: ['127.0.0.1:" + service.metricsPort() + "']\n");
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(prometheus.get().toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("data"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String query = URLEncoder.encode("recon_records_scored_total{job=\"recon\"}", StandardCharsets.UTF_8);
            String body = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                            + query)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"result\":[{")) {
                        break;
                    }
                } catch (java.io.IOException notUpYet) {
                    // starting
                }
                Thread.sleep(500);
            }
            JsonNode json = new ObjectMapper().readTree(body);
            assertTrue("success".equals(json.get("status").asText()), body);
            double value = json.at("/data/result/0/value/1").asDouble();
            assertTrue(value >= 1500, "Prometheus sees the scored counter: " + body);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
