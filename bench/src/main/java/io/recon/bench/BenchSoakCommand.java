package io.recon.bench;

import io.recon.cli.UserException;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.testkit.DataGenerator;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A long run: the scorer (exactly-once, models from the model topic) on an embedded broker at a fixed "
                + "offered rate, with a model swap every minute, a malformed record every few seconds and a broker restart "
                + "halfway. Prints records scored, dead letters, heap after GC and resident memory every 10 s, then reads "
                + "every output back and checks the balance (each valid record scored once, each malformed one "
                + "dead-lettered once) and the memory trend; the last stdout line is JSON.")
final class BenchSoakCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "30", paramLabel = "N", description = "Length of the run (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "R", description = "Offered records per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--keys", defaultValue = "50", description = "Distinct record keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--malformed-every", defaultValue = "5", paramLabel = "S",
            description = "Seconds between malformed records (default ${DEFAULT-VALUE}).")
    int malformedEvery;

    @Override
    public Integer call() throws Exception {
        if (minutes < 1 || rate < 1 || keys < 1 || malformedEvery < 1) {
            throw new UserException("--minutes, --rate, --keys and --malformed-every must be at least 1");
        }
        Path work = Files.createTempDirectory("recon-bench-soak-");
        try {
            Path csv = DataGenerator.correlatedCsv(work, 3000, 8, 0.0, 5);
            List<String> features = DataLoader.load(csv, ReadOptions.defaults()).featureNames();
            for (String v : List.of("a", "b")) {
                TrainJob.run(TrainRequest.builder().setKind(ModelKind.DENSE_AE).setData(csv).setOut(work.resolve(v))
                        .setTraining(new TrainConfig(3, 64, 3e-3, 0.2, 5, v.equals("a") ? 1 : 2)).optModelName("soak")
                        .optModelVersion("soak-" + v).optDense(new DenseAeConfig(List.of(16, 4), Activation.TANH, 0, 0, false))
                        .build(), ProgressListener.NONE);
            }
            System.err.printf("bench: soak for %d min at %,d records/s%n", minutes, rate);
            Map<String, Object> json = new SoakBenchmark(new SoakBenchmark.Options(minutes, rate, keys, malformedEvery),
                    System.err).run(work, work.resolve("a"), work.resolve("b"), features);
            System.out.printf("soak: %,d produced, %,d scored (%s duplicates, %s missing), %,d dead letters of %,d malformed; "
                            + "%d model swaps, %d broker restart; heap trend %s MB/min, RSS trend %s MB/min; balanced: %s%n",
                    json.get("produced"), json.get("scored"), json.get("duplicates"), json.get("missing"), json.get("dead_letters"),
                    json.get("malformed"), json.get("model_swaps"), json.get("broker_restarts"), json.get("heap_trend_mb_per_min"),
                    json.get("rss_trend_mb_per_min"), json.get("balanced"));
            System.out.println(Json.mapper().writeValueAsString(json));
            return Boolean.TRUE.equals(json.get("balanced")) ? 0 : 1;
        } finally {
            io.recon.testkit.TempDirs.delete(work);
        }
    }
}
