package io.recon.bench;

import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code recon bench compare}: Recon and Random Cut Forest side by side, one run, same files and records. */
public final class CompareBenchmark {
    private final Path dataDir;
    private final int speedRecords;

    /** @param speedRecords records per round of the speed comparison (the command checks it) */
    public CompareBenchmark(Path dataDir, int speedRecords) {
        this.dataDir = dataDir;
        this.speedRecords = speedRecords;
    }

    private static Map<String, Object> recon(String suite, Path dir) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return new QualityBenchmark(suite, dir, null, null, null, 5, 1.0, null, null, null).run(quiet, quiet);
    }

    public Map<String, Object> run(PrintStream out, PrintStream err) throws Exception {
        out.println("parameters: Recon: `recon bench quality` defaults (dense autoencoder; NAB and SKAB through recon serve's "
                + "alert decisions at their defaults); RCF: " + RcfSuites.parameters());
        List<String[]> rows = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        Path nab = dataDir.resolve("nab");
        if (Files.isDirectory(nab)) {
            BenchSupport.status(err, "compare: NAB");
            double recon = ((Number) recon("nab", nab).get("standard")).doubleValue();
            Map<String, Object> r = RcfSuites.nab(nab, err);
            double rcf = ((Number) r.get("standard")).doubleValue();
            double rcfRaw = ((Number) r.get("standard_raw_score")).doubleValue();
            rows.add(new String[] {"NAB standard score", fmt(recon), fmt(rcf), fmt(recon - rcf)});
            rows.add(new String[] {"  RCF raw score swept", "", fmt(rcfRaw), fmt(recon - rcfRaw)});
            json.put("nab", Map.of("recon_standard", recon, "rcf_standard", rcf, "rcf_standard_raw_score_swept", rcfRaw,
                    "difference", round(recon - rcf)));
        }
        Path skab = dataDir.resolve("skab");
        if (Files.isDirectory(skab)) {
            BenchSupport.status(err, "compare: SKAB");
            Map<String, Object> recon = recon("skab", skab);
            Map<String, Object> rcf = RcfSuites.skab(skab, err);
            double rf1 = ((Number) recon.get("f1")).doubleValue();
            double cf1 = ((Number) rcf.get("f1")).doubleValue();
            rows.add(new String[] {"SKAB F1 (causal)", fmt(rf1), fmt(cf1), fmt(rf1 - cf1)});
            rows.add(new String[] {"SKAB false-alarm rate %", String.valueOf(recon.get("far")), String.valueOf(rcf.get("far")),
                    fmt(((Number) recon.get("far")).doubleValue() - ((Number) rcf.get("far")).doubleValue())});
            json.put("skab", Map.of("recon_f1", rf1, "rcf_f1", cf1, "recon_far", recon.get("far"), "rcf_far", rcf.get("far"),
                    "difference_f1", round(rf1 - cf1)));
        }
        Path odds = dataDir.resolve("odds");
        if (Files.isDirectory(odds)) {
            BenchSupport.status(err, "compare: ODDS");
            double recon = ((Number) recon("odds", odds).get("mean_auroc")).doubleValue();
            double rcf = ((Number) RcfSuites.odds(odds, 5, err).get("mean_auroc")).doubleValue();
            rows.add(new String[] {"ODDS mean AUROC", fmt(recon), fmt(rcf), fmt(recon - rcf)});
            json.put("odds", Map.of("recon_auroc", recon, "rcf_auroc", rcf, "difference", round(recon - rcf)));
        }
        BenchSupport.status(err, "compare: speed");
        CompareSpeed.Result speed = speed();
        rows.add(new String[] {"records/s on one core", String.format("%,.0f", speed.reconRps()),
                String.format("%,.0f", speed.rcfRps()), String.format("x %.1f", speed.ratio())});
        rows.add(new String[] {"  RCF, a forest per key", "", String.format("%,.0f", speed.rcfPerKeyRps()),
                String.format("x %.1f", speed.reconRps() / speed.rcfPerKeyRps())});
        json.put("speed", Map.of("recon_rps_per_core", Math.round(speed.reconRps()), "rcf_rps_per_core",
                Math.round(speed.rcfRps()), "rcf_per_key_rps_per_core", Math.round(speed.rcfPerKeyRps()), "ratio",
                round(speed.ratio())));
        out.printf("%n  %-26s %12s %12s %12s%n", "measure", "Recon", "RCF", "difference");
        for (String[] r : rows) {
            out.printf("  %-26s %12s %12s %12s%n", r[0], r[1], r[2], r[3]);
        }
        return json;
    }

    private CompareSpeed.Result speed() throws Exception {
        Path work = Files.createTempDirectory("recon-compare-");
        try {
            Path csv = io.recon.testkit.DataGenerator.correlatedCsv(work, 2000, 8, 0, 1);
            io.recon.trainer.TrainJob.run(io.recon.trainer.TrainRequest.builder()
                    .setKind(io.recon.schemas.contract.ModelKind.DENSE_AE).setData(csv).setOut(work.resolve("m"))
                    .setTraining(new io.recon.trainer.train.TrainConfig(2, 256, 3e-3, 0.2, 5, 1))
                    .optRead(new io.recon.trainer.data.ReadOptions("label", null, List.of()))
                    .optModelName("compare").optModelVersion("v1")
                    .optDense(new io.recon.trainer.model.DenseAeConfig(List.of(32, 8), io.recon.trainer.model.Activation.TANH,
                            0, 0, false)).build(), io.recon.trainer.train.ProgressListener.NONE);
            try (OnnxModel m = OnnxModel.load(work.resolve("m"), ScorerOptions.defaults())) {
                return CompareSpeed.measure(m, speedRecords, 50);
            }
        } finally {
            io.recon.testkit.TempDirs.delete(work);
        }
    }

    private static String fmt(double v) {
        return String.format("%.3f", v);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
