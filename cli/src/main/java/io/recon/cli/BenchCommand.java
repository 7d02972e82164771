package io.recon.cli;

import io.recon.cli.bench.StreamBenchmark;
import io.recon.schemas.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (not tests): measure and print figures.",
        subcommands = {BenchCommand.Stream.class, QualityCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Throughput and latency of the scorer on an embedded broker, against a pass-through",
                    "Kafka Streams app on the same input and configs. Prints a table; the last stdout line is JSON",
                    "with passthrough_rps, scorer_rps, ratio, p50_ms, p99_ms."})
    static final class Stream implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "500000", description = "Records for the throughput runs (default ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--partitions", defaultValue = "4", description = "Input partitions (default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--rate", defaultValue = "2000", description = "Offered rate for the latency run, records/s (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of the latency run (default ${DEFAULT-VALUE}).")
        int latencySeconds;

        @Option(names = "--features", defaultValue = "8", description = "Features per record (default ${DEFAULT-VALUE}).")
        int features;

        @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds; the round with the median ratio is reported (default ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> r = new StreamBenchmark(new StreamBenchmark.Options(records, partitions, rate, latencySeconds,
                    features, rounds), System.out).run();
            System.out.println(Json.mapper().writeValueAsString(r));
            return 0;
        }
    }
}
