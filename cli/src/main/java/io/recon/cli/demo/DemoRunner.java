package io.recon.cli.demo;

import io.recon.cli.UserException;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.schemas.record.Alert;
import io.recon.streaming.ReconService;
import io.recon.streaming.config.ConfigLoader;
import io.recon.testkit.EmbeddedKafka;
import io.recon.testkit.ServerMetrics;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code recon demo}: a real broker in-process, a generated fleet of hosts with injected anomalies,
 * a model trained on a normal period, the scorer serving it, a live view, and a scored summary.
 */
public final class DemoRunner implements AutoCloseable {
    static final String INPUT = "recon.records";
    private static final int TRAIN_TICKS = 3 * 1440;
    private static final long GRACE_TICKS = 5;

    private final DemoOptions o;
    private final PrintStream out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Path work;
    private EmbeddedKafka kafka;
    private volatile ReconService service;
    private boolean closed;

    public DemoRunner(DemoOptions o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /** Port of /metrics once the scorer runs, else -1. */
    public int metricsPort() {
        ReconService s = service;
        return s == null ? -1 : s.metricsPort();
    }

    /** The temporary directory holding the broker's data and the model (null before run). */
    public Path workDir() {
        return work;
    }

    /** Asks a running demo to wind down early (Ctrl-C). */
    public void stop() {
        stopping.set(true);
    }

    public Map<String, Object> run(ProgressListener progress) throws Exception {
        work = Files.createTempDirectory("recon-demo-");
        out.println("recon demo: starting a Kafka broker on 127.0.0.1 (in-process, data in " + work + ")");
        kafka = EmbeddedKafka.start(work.resolve("kafka"), false, 0);
        out.println("recon demo: broker ready at " + kafka.bootstrapServers());
        if (o.data() != null) {
            return new ReplayDemo(o, out, stopping, this).run(kafka, work, progress);
        }
        ServerMetrics fleet = new ServerMetrics(o.hosts(), o.seed());
        int ticksPerSecond = Math.max(1, o.rate() / o.hosts());
        long streamTicks = (long) ticksPerSecond * o.durationSeconds();
        fleet.injectAnomalies(TRAIN_TICKS + 30, TRAIN_TICKS + streamTicks - 20, (int) Math.max(5, streamTicks / 150),
                o.seed() + 1);

        Path csv = writeTrainingCsv(fleet);
        out.printf("recon demo: %d hosts x %d metrics; training %s on 3 simulated days (%,d normal rows)%n", o.hosts(),
                ServerMetrics.METRICS.size(), o.model(), TRAIN_TICKS * o.hosts());
        Path model = train(csv, progress);
        startService(model, 5 * ServerMetrics.TICK_MS);

        DemoStream stream = new DemoStream(kafka, service, out, stopping);
        DemoStream.Outcome outcome = stream.run(fleet, TRAIN_TICKS, streamTicks, ticksPerSecond, o.durationSeconds());
        List<DemoScore.Fired> fired = outcome.fired();
        DemoScore.Result r = DemoScore.score(DemoScore.Window.of(fleet.events()), fired, GRACE_TICKS, outcome.lastTick(), outcome.producedAt());

        Map<String, Object> json = summary(outcome, r, "injected anomalies");
        Map<String, String> byKind = new LinkedHashMap<>();
        for (ServerMetrics.Kind kind : ServerMetrics.Kind.values()) {
            List<ServerMetrics.Event> ofKind = fleet.events().stream().filter(e -> e.kind() == kind).toList();
            DemoScore.Result k = DemoScore.score(DemoScore.Window.of(ofKind), fired, GRACE_TICKS, outcome.lastTick(),
                    outcome.producedAt());
            byKind.put(kind.name().toLowerCase(java.util.Locale.ROOT), k.detected() + "/" + k.events());
        }
        out.println("  detected by kind: " + byKind);
        json.put("detected_by_kind", byKind);
        return json;
    }

    Map<String, Object> summary(DemoStream.Outcome outcome, DemoScore.Result r, String what) {
        out.println();
        out.println("summary");
        out.printf("  records produced %,d, scored %,d, dead letters %,d%n", outcome.sent(), outcome.scored(),
                (long) service.metrics().count("recon.dead.letters"));
        out.printf("  %s: %d, detected %d%n", what, r.events(), r.detected());
        out.printf("  firing alerts %d: %d on anomalies, %d false%n", r.alerts(), r.truePositives(),
                r.alerts() - r.truePositives());
        out.printf("  precision %.3f  recall %.3f  mean detection delay %.2f s%n", r.precision(), r.recall(),
                r.meanDelaySeconds());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("records", outcome.sent());
        json.put("scored", outcome.scored());
        json.put("alerts", r.alerts());
        json.put("injected", r.events());
        json.put("detected", r.detected());
        json.put("precision", round(r.precision()));
        json.put("recall", round(r.recall()));
        json.put("mean_delay_s", Double.isNaN(r.meanDelaySeconds()) ? null : round(r.meanDelaySeconds()));
        json.put("model", service.models().get().contract().modelName() + ":" + service.models().get().contract().modelVersion());
        return json;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private Path writeTrainingCsv(ServerMetrics fleet) throws IOException {
        Path csv = work.resolve("normal-period.csv");
        try (var w = Files.newBufferedWriter(csv)) {
            w.write("timestamp," + String.join(",", ServerMetrics.METRICS) + "\n");
            StringBuilder sb = new StringBuilder();
            for (long t = 0; t < TRAIN_TICKS; t++) {
                float[][] rows = fleet.tick(t);
                for (float[] row : rows) {
                    sb.setLength(0);
                    sb.append(t * ServerMetrics.TICK_MS);
                    for (float v : row) {
                        sb.append(',').append(v);
                    }
                    w.write(sb.append('\n').toString());
                }
            }
        }
        return csv;
    }

    private Path train(Path csv, ProgressListener progress) throws IOException {
        Path model = work.resolve("model");
        ModelKind kind = ModelKind.fromId(o.model());
        TrainRequest req = TrainRequest.builder().setKind(kind).setData(csv).setOut(model)
                .setTraining(new TrainConfig(12, 256, 3e-3, 0.2, 3, o.seed())).optWindow(kind == ModelKind.CONV_AE ? 8 : 0)
                .optModelName("demo")
                .optDense(kind == ModelKind.DENSE_AE ? new DenseAeConfig(List.of(32, 4), Activation.TANH, 0, 0, false) : null)
                .optConv(kind == ModelKind.CONV_AE ? new ConvAeConfig(List.of(8, 16), 8, Activation.RELU, 0) : null)
                .optThreshold(io.recon.trainer.threshold.ThresholdCalibrator.Method.quantile(0.9995)).build();
        TrainResult r = TrainJob.run(req, progress);
        out.printf("recon demo: model %s version %s trained in %.1f s; threshold %.4g%n", r.contract().modelName(),
                r.contract().modelVersion(), r.seconds(), r.contract().threshold().value());
        return model;
    }

    ReconService startService(Path model, long cooldownMs) throws Exception {
        Map<String, String> f = new HashMap<>();
        f.put("recon.bootstrap", kafka.bootstrapServers());
        f.put("recon.model.dir", model.toString());
        f.put("recon.state.dir", work.resolve("streams").toString());
        f.put("recon.metrics.port", Integer.toString(o.metricsPort()));
        f.put("recon.alert.cooldown.ms", Long.toString(cooldownMs));
        f.put("recon.alert.min.anomalies", "2");
        f.put("recon.application.id", "recon-demo");
        try {
            service = ReconService.start(ConfigLoader.load(f, Map.of(), null));
        } catch (java.net.BindException e) {
            throw new UserException("port " + o.metricsPort() + " is in use; pick another with --metrics-port");
        }
        service.awaitRunning(Duration.ofSeconds(60));
        out.printf("recon demo: scorer running; metrics on http://127.0.0.1:%d/metrics%n", service.metricsPort());
        return service;
    }

    static int hostIndex(String key) {
        int dash = key.lastIndexOf('-');
        try {
            return Integer.parseInt(key.substring(dash + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static Alert parseAlert(byte[] value) throws IOException {
        return Json.mapper().readValue(value, Alert.class);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping.set(true);
        if (service != null) {
            service.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        io.recon.testkit.TempDirs.delete(work);
    }
}
