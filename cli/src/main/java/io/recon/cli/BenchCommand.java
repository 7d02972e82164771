package io.recon.cli;

import io.recon.cli.bench.StreamBenchmark;
import io.recon.schemas.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (not tests): measure and print figures.",
        subcommands = {BenchCommand.Stream.class, BenchCommand.HotPath.class, QualityCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Throughput and latency of the scorer on an embedded broker, against a pass-through "
                    + "Kafka Streams app on the same input and configs: records/s in the steady state (from RUNNING) "
                    + "and with start-up, CPU per record, inference cost by batch size, end-to-end latency at a fixed "
                    + "rate. Takes about 100 s with the defaults. Prints a table; the last stdout line is JSON with "
                    + "passthrough_rps, scorer_rps, ratio, p50_ms, p99_ms and the rest. Method: docs/PERFORMANCE.md.")
    static final class Stream implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "2000000", description = "Records for the throughput runs (default ${DEFAULT-VALUE}; fewer leave the JIT still compiling inside the measured rounds).")
        int records;

        @Option(names = "--partitions", defaultValue = "4", description = "Input partitions (default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--rate", defaultValue = "2000", description = "Offered rate for the latency run, records/s (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of the latency run (default ${DEFAULT-VALUE}).")
        int latencySeconds;

        @Option(names = "--features", defaultValue = "8", description = "Features per record (default ${DEFAULT-VALUE}).")
        int features;

        @Option(names = "--rounds", defaultValue = "5", description = "Alternating rounds after a warm-up round; the round with the median ratio is reported (default ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> r = new StreamBenchmark(new StreamBenchmark.Options(records, partitions, rate, latencySeconds,
                    features, rounds), System.out).run();
            System.out.println(Json.mapper().writeValueAsString(r));
            return 0;
        }
    }

    @Command(name = "hotpath", mixinStandardHelpOptions = true,
            description = "The scorer's per-record steps without Kafka: parse, write the scored record, metrics (per "
                    + "batch of 256), inference at batch 256 (ns per record, best of 3 rounds). The last stdout line is JSON.")
    static final class HotPath implements Callable<Integer> {
        @Option(names = "--features", defaultValue = "8", description = "Features per record (default ${DEFAULT-VALUE}).")
        int features;

        @Option(names = "--iterations", defaultValue = "2000000", description = "Records per round (default ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("recon-hotpath-");
            try {
                java.nio.file.Path csv = io.recon.testkit.DataGenerator.correlatedCsv(work, 2000, features, 0, 1);
                io.recon.trainer.TrainJob.run(io.recon.trainer.TrainRequest.builder()
                        .setKind(io.recon.schemas.contract.ModelKind.DENSE_AE).setData(csv).setOut(work.resolve("m"))
                        .setTraining(new io.recon.trainer.train.TrainConfig(2, 256, 3e-3, 0.2, 5, 1))
                        .optRead(new io.recon.trainer.data.ReadOptions("label", null, java.util.List.of()))
                        .optModelName("bench").optModelVersion("v1")
                        .optDense(new io.recon.trainer.model.DenseAeConfig(java.util.List.of(32, 8),
                                io.recon.trainer.model.Activation.TANH, 0, 0, false)).build(),
                        io.recon.trainer.train.ProgressListener.NONE);
                Map<String, Double> r;
                try (io.recon.streaming.scoring.OnnxModel m = io.recon.streaming.scoring.OnnxModel.load(work.resolve("m"),
                        io.recon.streaming.scoring.ScorerOptions.defaults())) {
                    r = io.recon.cli.bench.HotPathProbe.measure(m, iterations);
                }
                r.remove("checksum");
                r.forEach((k, v) -> System.out.printf("  %-24s %8.1f%n", k, v));
                System.out.println(Json.mapper().writeValueAsString(r));
                return 0;
            } finally {
                io.recon.testkit.TempDirs.delete(work);
            }
        }
    }
}
