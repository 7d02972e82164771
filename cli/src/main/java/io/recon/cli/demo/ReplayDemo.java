package io.recon.cli.demo;

import io.recon.schemas.contract.ModelKind;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import io.recon.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code recon demo --data FILE}: trains on the first 40 % of a CSV (its normal rows, when labelled)
 * and replays the rest as one entity, row i at simulated time i seconds. With a label column, the
 * summary scores alerts against the labelled anomalous runs.
 */
final class ReplayDemo {
    private final DemoOptions o;
    private final PrintStream out;
    private final AtomicBoolean stopping;
    private final DemoRunner runner;

    ReplayDemo(DemoOptions o, PrintStream out, AtomicBoolean stopping, DemoRunner runner) {
        this.o = o;
        this.out = out;
        this.stopping = stopping;
        this.runner = runner;
    }

    Map<String, Object> run(EmbeddedKafka kafka, Path work, ProgressListener progress) throws Exception {
        FeatureTable t = DataLoader.load(o.data(), new ReadOptions(o.labelColumn(), null, List.of()));
        int split = (int) (t.size() * 0.4);
        String normal = o.normalLabel() == null ? "0" : o.normalLabel();
        Path train = work.resolve("train.csv");
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", t.featureNames()));
        for (int i = 0; i < split; i++) {
            if (t.labels() == null || t.isLabel(i, normal)) {
                StringBuilder sb = new StringBuilder();
                for (float v : t.rows()[i]) {
                    sb.append(sb.length() == 0 ? "" : ",").append(v);
                }
                lines.add(sb.toString());
            }
        }
        Files.write(train, lines);
        out.printf("recon demo: replaying %s: training %s on %,d rows, streaming %,d rows at %,d rows/s%n", o.data(),
                o.model(), lines.size() - 1, t.size() - split, o.rate());
        ModelKind kind = ModelKind.fromId(o.model());
        TrainResult r = TrainJob.run(TrainRequest.builder().setKind(kind).setData(train).setOut(work.resolve("model"))
                .setTraining(new TrainConfig(30, 64, 3e-3, 0.2, 5, o.seed())).optWindow(kind == ModelKind.CONV_AE ? 8 : 0)
                .optModelName("replay")
                .optDense(kind == ModelKind.DENSE_AE ? new DenseAeConfig(List.of(), Activation.TANH, 0, 0, false) : null)
                .optConv(kind == ModelKind.CONV_AE ? new ConvAeConfig(List.of(8, 16), 8, Activation.RELU, 0) : null).build(),
                progress);
        out.printf("recon demo: threshold %.4g%n", r.contract().threshold().value());
        var service = runner.startService(work.resolve("model"), 0);

        List<DemoScore.Fired> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReplayStream stream = new ReplayStream(kafka, service, out, stopping, t, split, fired);
        DemoStream.Outcome outcome = stream.run(o.rate(), o.durationSeconds());
        List<DemoScore.Window> windows = new ArrayList<>();
        if (t.labels() != null) {
            int runStart = -1;
            for (int i = split; i <= t.size(); i++) {
                boolean anomalous = i < t.size() && !t.isLabel(i, normal);
                if (anomalous && runStart < 0) {
                    runStart = i;
                } else if (!anomalous && runStart >= 0) {
                    windows.add(new DemoScore.Window(0, runStart, i - 1));
                    runStart = -1;
                }
            }
        }
        DemoScore.Result res = DemoScore.score(windows, outcome.fired(), 0, outcome.lastTick(), outcome.producedAt());
        Map<String, Object> json = runner.summary(outcome, res, t.labels() == null ? "labelled anomalous runs (no labels)"
                : "labelled anomalous runs");
        if (t.labels() == null) {
            json.put("precision", null);
            json.put("recall", null);
        }
        return json;
    }
}
