package io.recon.cli.bench;

import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.ReconService;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.config.StreamsConfigFactory;
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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code recon bench stream}: in one run on an embedded broker, the records/s of a pass-through Kafka
 * Streams app and of the scorer on the same input with the same configs, the inference cost per record
 * by batch size, and end-to-end latency at a fixed offered rate.
 */
public final class StreamBenchmark {
    /** Options. */
    public record Options(int records, int partitions, int rate, int latencySeconds, int features, int rounds) {}

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
            status("producing %,d records to %d partitions", o.records, o.partitions);
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
                rounds.add(new AppRun[] {pt, sc});
            }
            rounds.sort(java.util.Comparator.comparingDouble(r -> r[1].steadyRps() / r[0].steadyRps()));
            AppRun[] median = rounds.get(rounds.size() / 2);
            double passthrough = median[0].steadyRps();
            double scorer = median[1].steadyRps();

            status("inference cost per record by batch size");
            Map<Integer, Double> perRecordMicros = inferenceCost(model, table);

            status("end-to-end latency at %,d records/s for %d s", o.rate, o.latencySeconds);
            double[] latency = latency(kafka, model, work, table);

            Map<String, Object> result = new LinkedHashMap<>();
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
            result.put("p50_ms", latency[0]);
            result.put("p99_ms", latency[1]);
            result.put("offered_rps", o.rate);
            Map<String, Double> cost = new LinkedHashMap<>();
            perRecordMicros.forEach((b, us) -> cost.put(Integer.toString(b), Math.round(us * 1000) / 1000.0));
            result.put("inference_us_per_record", cost);
            printTable(result, perRecordMicros);
            return result;
        } finally {
            io.recon.testkit.TempDirs.delete(work);
        }
    }

    private ServeConfig config(EmbeddedKafka kafka, Path model, Path work, String app, String input, String prefix) {
        Map<String, String> f = new HashMap<>();
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
        return ConfigLoader.load(f, System.getenv(), null); // RECON_* variables tune both apps
    }

    private void produce(EmbeddedKafka kafka, FeatureTable t, int n) throws Exception {
        Map<String, Object> cfg = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 10, "batch.size", 262144,
                "compression.type", "lz4");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String key = "host-" + (i % 50);
                p.send(new ProducerRecord<>("bench.records", key.getBytes(StandardCharsets.UTF_8),
                        json(key, System.currentTimeMillis(), t, i % t.size())));
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
        AtomicLong count = new AtomicLong();
        Topology t = new Topology();
        t.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "bench.records");
        t.addProcessor("copy", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> ctx;

            @Override
            public void init(ProcessorContext<byte[], byte[]> c) {
                ctx = c;
            }

            @Override
            public void process(Record<byte[], byte[]> r) {
                ctx.forward(r);
                count.incrementAndGet();
            }
        }, "in");
        kafka.createTopics(o.partitions, "bench.passthrough.out" + round);
        t.addSink("out", "bench.passthrough.out" + round, new ByteArraySerializer(), new ByteArraySerializer(), "copy");
        var props = StreamsConfigFactory.build(cfg);
        props.put("application.id", "bench-passthrough-" + round);
        props.put("state.dir", work.resolve("state-pt-" + round).toString());
        try (KafkaStreams streams = new KafkaStreams(t, props)) {
            streams.start();
            return AppRun.await(o.records, count::get, () -> streams.state() == KafkaStreams.State.RUNNING,
                    () -> AppRun.appThreadCpuNanos("bench-passthrough-" + round));
        }
    }

    private AppRun scorer(ServeConfig cfg) throws Exception {
        try (ReconService svc = ReconService.start(cfg)) {
            return AppRun.await(o.records, () -> svc.metrics().scoredCount(), () -> svc.state() == KafkaStreams.State.RUNNING,
                    () -> AppRun.appThreadCpuNanos(cfg.applicationId()));
        }
    }

    private Map<Integer, Double> inferenceCost(Path model, FeatureTable t) throws Exception {
        Map<Integer, Double> out = new LinkedHashMap<>();
        try (OnnxModel m = OnnxModel.load(model, ScorerOptions.defaults())) {
            for (int b = 1; b <= 1024; b *= 2) {
                BatchScorer s = new BatchScorer(m, b);
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
        return out;
    }

    private double[] latency(EmbeddedKafka kafka, Path model, Path work, FeatureTable t) throws Exception {
        ServeConfig cfg = config(kafka, model, work, "bench-latency", "latency.records", "latency");
        List<Double> lat = new ArrayList<>();
        try (ReconService svc = ReconService.start(cfg)) {
            svc.awaitRunning(Duration.ofSeconds(60));
            Map<String, Object> pc = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0);
            Map<String, Object> cc = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "lat",
                    "auto.offset.reset", "earliest", "isolation.level", "read_committed"));
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
                    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of("latency.scores"));
                long total = (long) o.rate * o.latencySeconds;
                long start = System.nanoTime();
                long sent = 0;
                while (sent < total) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * o.rate);
                    for (; sent < Math.min(due, total); sent++) {
                        String key = "host-" + (sent % 50);
                        p.send(new ProducerRecord<>("latency.records", key.getBytes(StandardCharsets.UTF_8),
                                json(key, System.currentTimeMillis(), t, (int) (sent % t.size()))));
                    }
                    poll(c, lat, Duration.ofMillis(1));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (lat.size() < total && System.nanoTime() < deadline) {
                    poll(c, lat, Duration.ofMillis(50));
                }
            }
        }
        lat.sort(Double::compare);
        if (lat.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {lat.get(lat.size() / 2), lat.get((int) Math.min(lat.size() - 1, Math.ceil(lat.size() * 0.99) - 1))};
    }

    private static void poll(KafkaConsumer<byte[], byte[]> c, List<Double> lat, Duration d) throws Exception {
        long now = System.currentTimeMillis();
        for (var r : c.poll(d)) {
            String s = new String(r.value(), StandardCharsets.UTF_8);
            int i = s.indexOf("\"timestamp\":") + 12;
            long ts = Long.parseLong(s.substring(i, s.indexOf(',', i)));
            lat.add((double) (now - ts));
        }
    }

    private void printTable(Map<String, Object> r, Map<Integer, Double> cost) {
        out.println();
        out.printf("%-40s %12s%n", "throughput (records/s)", "");
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
        out.println();
        out.printf("end-to-end latency at %,d records/s (read_committed): p50 %.0f ms, p99 %.0f ms%n", o.rate,
                r.get("p50_ms"), r.get("p99_ms"));
    }

    private void status(String fmt, Object... args) {
        System.err.printf("bench: " + fmt + "%n", args);
    }
}
