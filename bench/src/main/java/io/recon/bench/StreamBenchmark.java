package io.recon.bench;

import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.ReconService;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code recon bench stream}: in one run on an embedded broker, the records/s of a pass-through Kafka
 * Streams app and of the scorer on the same input with the same configs, the inference cost per record
 * by batch size, and end-to-end latency at a fixed offered rate.
 */
public final class StreamBenchmark {
    /** Options. */
    /** @param format recon-json, or avro (records in the wire format; the latency run is left out) */
    public record Options(int records, int partitions, int rate, int latencySeconds, int features, int rounds, String format) {
        public Options(int records, int partitions, int rate, int latencySeconds, int features, int rounds) {
            this(records, partitions, rate, latencySeconds, features, rounds, InputFormats.RECON_JSON);
        }

        boolean avro() {
            return InputFormats.AVRO.equals(format);
        }
    }

    /** The registry of the avro benchmark, null for recon-json. */
    private BenchRegistry registry;

    private final Options o;
    private final PrintStream out;

    public StreamBenchmark(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        Path work = Files.createTempDirectory("recon-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            status("training a dense autoencoder on generated data (%d features)", o.features);
            Path csv = DataGenerator.correlatedCsv(work, 20_000, o.features, 0.01, 1);
            Path model = work.resolve("model");
            TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(model)
                    .setTraining(new TrainConfig(5, 256, 3e-3, 0.2, 5, 1)).optRead(new ReadOptions("label", null, List.of()))
                    .optNormalLabel("0").optModelName("bench").optModelVersion("v1")
                    .optDense(new DenseAeConfig(List.of(32, 8), Activation.TANH, 0, 0, false)).build(), ProgressListener.NONE);
            FeatureTable table = DataLoader.load(csv, new ReadOptions("label", null, List.of()));

            kafka.createTopics(o.partitions, "bench.records");
            if (o.avro()) {
                registry = new BenchRegistry(table.featureNames());
            }
            status("producing %,d %s records to %d partitions", o.records, o.format, o.partitions);
            produce(kafka, table, o.records);

            // rounds alternate the two apps on the same input; the round with the median ratio is
            // reported, so JIT warm-up and the noise of a shared machine hit both alike
            // a warm-up round (not reported) first: otherwise the JIT compiles the Kafka client code during
            // the first measured round, in the pass-through's run (which goes first) more than in the scorer's
            status("warm-up round (not reported): both apps on the same input");
            ServeConfig warm = config(kafka, model, work, "bench-scorer-warmup", "bench.records", "warmup");
            passThrough(kafka, warm, work, 0);
            scorer(warm);
            List<AppRun[]> rounds = new ArrayList<>();
            for (int round = 1; round <= o.rounds; round++) {
                ServeConfig cfg = config(kafka, model, work, "bench-scorer-" + round, "bench.records", "bench" + round);
                status("round %d/%d: pass-through Kafka Streams app (same configs)", round, o.rounds);
                AppRun pt = passThrough(kafka, cfg, work, round);
                status("round %d/%d: scorer", round, o.rounds);
                AppRun sc = scorer(cfg);
                status("round %d/%d: pass-through %,.0f/s, scorer %,.0f/s, ratio %.3f (start-up included: %,.0f/s, %,.0f/s, "
                        + "%.3f; scorer start-up %.0f ms; CPU per record, app threads / whole process: pass-through %.2f / %.2f us, "
                        + "scorer %.2f / %.2f us)", round, o.rounds, pt.steadyRps(), sc.steadyRps(), sc.steadyRps() / pt.steadyRps(),
                        pt.overallRps(), sc.overallRps(), sc.overallRps() / pt.overallRps(), sc.startupMs(), pt.threadCpuUs(),
                        pt.processCpuUs(), sc.threadCpuUs(), sc.processCpuUs());
                status("round %d/%d: CPU us per record by thread group, pass-through:%s", round, o.rounds,
                        ThreadCpu.describe(pt.cpuByThreadGroup()));
                status("round %d/%d: CPU us per record by thread group, scorer:%s", round, o.rounds,
                        ThreadCpu.describe(sc.cpuByThreadGroup()));
                rounds.add(new AppRun[] {pt, sc});
            }
            rounds.sort(java.util.Comparator.comparingDouble(r -> r[1].steadyRps() / r[0].steadyRps()));
            AppRun[] median = rounds.get(rounds.size() / 2);
            double passthrough = median[0].steadyRps();
            double scorer = median[1].steadyRps();

            status("inference cost per record by batch size");
            Map<Integer, Double> perRecordMicros = inferenceCost(model, table);

            Map<String, Double> latency = o.avro() ? Map.of() : latencies(kafka, model, work, table);

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("format", o.format);
            result.put("records", o.records);
            result.put("partitions", o.partitions);
            result.put("passthrough_rps", Math.round(passthrough));
            result.put("scorer_rps", Math.round(scorer));
            result.put("ratio", Math.round(scorer / passthrough * 1000) / 1000.0);
            result.put("passthrough_rps_with_startup", Math.round(median[0].overallRps()));
            result.put("scorer_rps_with_startup", Math.round(median[1].overallRps()));
            result.put("ratio_with_startup", Math.round(median[1].overallRps() / median[0].overallRps() * 1000) / 1000.0);
            result.put("scorer_startup_ms", Math.round(median[1].startupMs()));
            result.put("passthrough_thread_cpu_us_per_record", Math.round(median[0].threadCpuUs() * 1000) / 1000.0);
            result.put("scorer_thread_cpu_us_per_record", Math.round(median[1].threadCpuUs() * 1000) / 1000.0);
            result.put("passthrough_process_cpu_us_per_record", Math.round(median[0].processCpuUs() * 1000) / 1000.0);
            result.put("scorer_process_cpu_us_per_record", Math.round(median[1].processCpuUs() * 1000) / 1000.0);
            result.put("p50_ms", latency.get("eos_scorer_p50_ms")); // the scorer with its defaults, as before
            result.put("p99_ms", latency.get("eos_scorer_p99_ms"));
            result.putAll(latency);
            result.put("offered_rps", o.rate);
            Map<String, Double> cost = new LinkedHashMap<>();
            perRecordMicros.forEach((b, us) -> cost.put(Integer.toString(b), Math.round(us * 1000) / 1000.0));
            result.put("inference_us_per_record", cost);
            printTable(result, perRecordMicros);
            return result;
        } finally {
            if (registry != null) {
                registry.close();
            }
            io.recon.testkit.TempDirs.delete(work);
        }
    }

    private ServeConfig config(EmbeddedKafka kafka, Path model, Path work, String app, String input, String prefix) {
        return config(kafka, model, work, app, input, prefix, null);
    }

    private ServeConfig config(EmbeddedKafka kafka, Path model, Path work, String app, String input, String prefix,
            String guarantee) {
        Map<String, String> f = new HashMap<>();
        if (guarantee != null) {
            f.put("recon.processing.guarantee", guarantee);
        }
        f.put("recon.bootstrap", kafka.bootstrapServers());
        f.put("recon.model.dir", model.toString());
        f.put("recon.input.topics", input);
        f.put("recon.scores.topic", prefix + ".scores");
        f.put("recon.alerts.topic", prefix + ".alerts");
        f.put("recon.dlq.topic", prefix + ".dlq");
        f.put("recon.application.id", app);
        f.put("recon.metrics.port", "0");
        f.put("recon.state.dir", work.resolve("state-" + app).toString());
        f.put("recon.topics.partitions", Integer.toString(o.partitions));
        if (registry != null) {
            f.put("recon.input.format", InputFormats.AVRO);
            f.put("recon.schema.registry.url", registry.url());
        }
        return ConfigLoader.load(f, System.getenv(), null); // RECON_* variables tune both apps
    }

    private void produce(EmbeddedKafka kafka, FeatureTable t, int n) throws Exception {
        Map<String, Object> cfg = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 10, "batch.size", 262144,
                "compression.type", "lz4");
        io.recon.cli.input.AvroRows rows = registry == null ? null : registry.rows();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String key = "host-" + (i % 50);
                p.send(new ProducerRecord<>("bench.records", key.getBytes(StandardCharsets.UTF_8), rows != null
                        ? registry.record(rows, key, System.currentTimeMillis(), t.featureNames(), t.rows()[i % t.size()])
                        : json(key, System.currentTimeMillis(), t, i % t.size())));
            }
            p.flush();
        }
    }

    static byte[] json(String key, long ts, FeatureTable t, int row) {
        StringBuilder sb = new StringBuilder(256).append("{\"key\":\"").append(key).append("\",\"timestamp\":").append(ts)
                .append(",\"fields\":{");
        for (int f = 0; f < t.width(); f++) {
            sb.append(f == 0 ? "" : ",").append('"').append(t.featureNames().get(f)).append("\":").append(t.rows()[row][f]);
        }
        return sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Pass-through: source, a processor that forwards each value unchanged, sink; same Streams configs. */
    private AppRun passThrough(EmbeddedKafka kafka, ServeConfig cfg, Path work, int round) throws Exception {
        kafka.createTopics(o.partitions, "bench.passthrough.out" + round);
        String app = "bench-passthrough-" + round;
        try (PassThroughApp pt = new PassThroughApp(cfg, "bench.records", "bench.passthrough.out" + round, app,
                work.resolve("state-pt-" + round))) {
            AppRun r = AppRun.await(o.records, pt::count, pt::running, () -> AppRun.appThreadCpuNanos(app), app);
            status("pass-through's producer:%s", ProducerStats.describe(app));
            return r;
        }
    }

    private AppRun scorer(ServeConfig cfg) throws Exception {
        try (ReconService svc = ReconService.start(cfg)) {
            AppRun r = AppRun.await(o.records, () -> svc.metrics().scoredCount(), () -> svc.state() == KafkaStreams.State.RUNNING,
                    () -> AppRun.appThreadCpuNanos(cfg.applicationId()), cfg.applicationId());
            status("scorer's producer:%s", ProducerStats.describe(cfg.applicationId()));
            return r;
        }
    }

    private Map<Integer, Double> inferenceCost(Path model, FeatureTable t) throws Exception {
        Map<Integer, Double> out = new LinkedHashMap<>();
        try (OnnxModel m = OnnxModel.load(model, ScorerOptions.defaults())) {
            for (int b = 1; b <= 1024; b *= 2) {
                try (BatchScorer s = new BatchScorer(m, b)) {
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(t.rows()[i % t.size()], 0, s.staging, i * s.inputSize(), s.inputSize());
                    }
                    int reps = Math.max(20, 200_000 / b);
                    for (int i = 0; i < reps / 4; i++) {
                        s.run(b);
                    }
                    long start = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        s.run(b);
                    }
                    out.put(b, (System.nanoTime() - start) / 1e3 / reps / b);
                }
            }
        }
        return out;
    }

    /**
     * End-to-end latency at the offered rate of the pass-through app and of the scorer, under both guarantees,
     * each on its own input topic (same partitions, same Streams configs).
     */
    private Map<String, Double> latencies(EmbeddedKafka kafka, Path model, Path work, FeatureTable t) throws Exception {
        LatencyBench bench = new LatencyBench(kafka, t, o.rate, o.latencySeconds);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String g : List.of("exactly_once_v2", "at_least_once")) {
            String tag = g.startsWith("exactly") ? "eos" : "alos";
            String input = "latency." + tag + ".records";
            kafka.createTopics(o.partitions, input, "latency." + tag + ".passthrough");
            ServeConfig cfg = config(kafka, model, work, "bench-latency-" + tag, input, "latency." + tag, g);
            status("end-to-end latency at %,d records/s for %d s, %s: pass-through app", o.rate, o.latencySeconds, g);
            try (PassThroughApp pt = new PassThroughApp(cfg, input, "latency." + tag + ".passthrough",
                    "bench-latency-pt-" + tag, work.resolve("state-lat-pt-" + tag))) {
                pt.awaitRunning(Duration.ofSeconds(60));
                put(out, tag + "_passthrough", bench.measure(input, "latency." + tag + ".passthrough"));
            }
            status("end-to-end latency at %,d records/s for %d s, %s: scorer", o.rate, o.latencySeconds, g);
            String scorerInput = input + ".scorer";
            kafka.createTopics(o.partitions, scorerInput);
            ServeConfig sc = config(kafka, model, work, "bench-latency-sc-" + tag, scorerInput, "latency." + tag, g);
            try (ReconService svc = ReconService.start(sc)) {
                svc.awaitRunning(Duration.ofSeconds(60));
                put(out, tag + "_scorer", bench.measure(scorerInput, sc.scoresTopic()));
            }
        }
        return out;
    }

    private static void put(Map<String, Double> out, String prefix, double[] p50p99) {
        out.put(prefix + "_p50_ms", p50p99[0]);
        out.put(prefix + "_p99_ms", p50p99[1]);
    }

    private void printTable(Map<String, Object> r, Map<Integer, Double> cost) {
        out.println();
        out.printf("%-40s %12s%n", "throughput (records/s)", "");
        out.printf("  %-38s %12s%n", "input format", r.get("format"));
        out.printf("  %-38s %,12d%n", "pass-through Kafka Streams", r.get("passthrough_rps"));
        out.printf("  %-38s %,12d%n", "Recon scorer (dense AE)", r.get("scorer_rps"));
        out.printf("  %-38s %12.3f%n", "ratio", r.get("ratio"));
        out.printf("  %-38s %,12d%n", "pass-through, start-up included", r.get("passthrough_rps_with_startup"));
        out.printf("  %-38s %,12d%n", "scorer, start-up included", r.get("scorer_rps_with_startup"));
        out.printf("  %-38s %12.3f%n", "ratio, start-up included", r.get("ratio_with_startup"));
        out.printf("  %-38s %,12d%n", "scorer start-up (ms)", r.get("scorer_startup_ms"));
        out.printf("  %-38s %12.3f%n", "pass-through app threads, CPU us/rec", r.get("passthrough_thread_cpu_us_per_record"));
        out.printf("  %-38s %12.3f%n", "scorer app threads, CPU us/rec", r.get("scorer_thread_cpu_us_per_record"));
        out.printf("  %-38s %12.3f%n", "pass-through process, CPU us/rec", r.get("passthrough_process_cpu_us_per_record"));
        out.printf("  %-38s %12.3f%n", "scorer process, CPU us/rec", r.get("scorer_process_cpu_us_per_record"));
        out.println();
        out.printf("%-12s %18s %14s%n", "batch size", "us per record", "records/s");
        cost.forEach((b, us) -> out.printf("%-12d %18.3f %,14d%n", b, us, Math.round(1e6 / us)));
        if (o.avro()) {
            return; // no latency run for avro
        }
        out.println();
        out.printf("end-to-end latency at %,d records/s (read_committed), ms:%n", o.rate);
        out.printf("  %-22s %8s %8s %8s %8s%n", "", "p50", "p99", "p50", "p99");
        out.printf("  %-22s %17s %17s%n", "", "exactly_once_v2", "at_least_once");
        for (String app : List.of("passthrough", "scorer")) {
            out.printf("  %-22s %8.0f %8.0f %8.0f %8.0f%n", app.equals("scorer") ? "Recon scorer" : "pass-through app",
                    r.get("eos_" + app + "_p50_ms"), r.get("eos_" + app + "_p99_ms"), r.get("alos_" + app + "_p50_ms"),
                    r.get("alos_" + app + "_p99_ms"));
        }
    }

    private void status(String fmt, Object... args) {
        System.err.printf("bench: " + fmt + "%n", args);
    }
}
