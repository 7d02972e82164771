package io.recon.bench;

import io.recon.cli.Main;
import io.recon.cli.PluggedCommand;
import io.recon.cli.UserException;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.testkit.DataGenerator;
import io.recon.testkit.TempDirs;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (not tests): measure and print figures.",
        subcommands = {BenchCommand.Stream.class, BenchCommand.HotPath.class, QualityCommand.class, BenchCommand.Alerts.class,
                BenchSoakCommand.class, BenchCompareCommand.class})
public final class BenchCommand implements Runnable, PluggedCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

        @Option(names = "--input-format", defaultValue = "recon-json", paramLabel = "FORMAT",
                description = "recon-json (default): the scorer against the pass-through app. A shipper format (telegraf-json, "
                        + "influx-line, prometheus-json, otlp-json, otlp-proto): samples/s and vectors/s of reading and "
                        + "assembling that format's records on one core, phase by phase. avro: the scorer against the "
                        + "pass-through app on the same Avro records (wire format, schema from a one-schema registry the "
                        + "benchmark serves); no latency run.")
        String inputFormat;

        @Option(names = "--hosts", defaultValue = "200", description = "Shipper formats: hosts of the fleet (default ${DEFAULT-VALUE}).")
        int hosts;

        @Option(names = "--steps", defaultValue = "500", description = "Shipper formats: steps per host (default ${DEFAULT-VALUE}).")
        int steps;

        @Override
        public Integer call() throws Exception {
            if (!inputFormat.equals(InputFormats.RECON_JSON) && !inputFormat.equals(InputFormats.AVRO)) {
                if (!InputFormats.IDS.contains(inputFormat)) {
                    throw new UserException("--input-format: one of " + InputFormats.IDS);
                }
                Map<String, Object> r = new AssemblyBenchmark(new AssemblyBenchmark
                        .Options(inputFormat, hosts, steps, rounds), System.out).run();
                System.out.println(Json.mapper().writeValueAsString(r));
                return 0;
            }
            Map<String, Object> r = new StreamBenchmark(new StreamBenchmark.Options(records, partitions, rate, latencySeconds,
                    features, rounds, inputFormat), System.out).run();
            System.out.println(Json.mapper().writeValueAsString(r));
            return 0;
        }
    }

    @Command(name = "hotpath", mixinStandardHelpOptions = true,
            description = "The scorer's per-record steps without Kafka: parse (recon-json; parse_avro: the same values "
                    + "as Avro in the wire format, decoded into the row; parse_jackson and parse_fastjson2: the same "
                    + "records read by Jackson 2 with fast float parsing and by fastjson2), decide, write the scored record "
                    + "(write_scored_jackson: the same fields by Jackson 2's generator), metrics (per batch of 256), "
                    + "inference at batch 256 (ns per record, best of 3 rounds). The last stdout line is JSON.")
    static final class HotPath implements Callable<Integer> {
        @Option(names = "--features", defaultValue = "8", description = "Features per record (default ${DEFAULT-VALUE}).")
        int features;

        @Option(names = "--iterations", defaultValue = "2000000", description = "Records per round (default ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public Integer call() throws Exception {
            Path work = Files.createTempDirectory("recon-hotpath-");
            try {
                Path csv = DataGenerator.correlatedCsv(work, 2000, features, 0, 1);
                TrainJob.run(TrainRequest.builder()
                        .setKind(ModelKind.DENSE_AE).setData(csv).setOut(work.resolve("m"))
                        .setTraining(new TrainConfig(2, 256, 3e-3, 0.2, 5, 1))
                        .optRead(new ReadOptions("label", null, List.of()))
                        .optModelName("bench").optModelVersion("v1")
                        .optDense(new DenseAeConfig(List.of(32, 8),
                                Activation.TANH, 0, 0, false)).build(),
                        ProgressListener.NONE);
                Map<String, Double> r;
                try (OnnxModel m = OnnxModel.load(work.resolve("m"),
                        ScorerOptions.defaults())) {
                    r = HotPathProbe.measure(m, iterations);
                }
                r.remove("checksum");
                r.forEach((k, v) -> System.out.printf("  %-24s %8.1f%n", k, v));
                System.out.println(Json.mapper().writeValueAsString(r));
                return 0;
            } finally {
                TempDirs.delete(work);
            }
        }
    }

    /** bench alerts --seeds: {@code 1-5}, {@code 1,3,7} or both ({@code 1,3,7-8}). */
    static List<Long> alertSeeds(String text) {
        List<Long> out = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String p = part.trim();
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    long from = Long.parseLong(p.substring(0, dash).trim());
                    long to = Long.parseLong(p.substring(dash + 1).trim());
                    if (to < from || to - from > 1000) {
                        throw new NumberFormatException();
                    }
                    for (long x = from; x <= to; x++) {
                        out.add(x);
                    }
                } else {
                    out.add(Long.parseLong(p));
                }
            }
        } catch (NumberFormatException e) {
            throw new UserException("--seeds " + text + ": give a range (1-5) or a list (1,3,7)");
        }
        return out;
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false,
            description = "What an on-call person gets: several hosts' correlated metrics with daily patterns (one "
                    + "record a minute), a model trained with `recon train` defaults on normal days, then quiet days (every "
                    + "alert false) and days with incidents of four kinds, streamed through the serving pipeline with "
                    + "`recon serve`'s defaults (and, with --set, other settings). Reports false alerts per key per day, "
                    + "precision, recall by kind and detection delay; the last stdout line is JSON.")
    static final class Alerts implements Callable<Integer> {
        @Option(names = "--keys", defaultValue = "5", description = "Hosts (default ${DEFAULT-VALUE}).")
        int keys;

        @Option(names = "--train-days", defaultValue = "3", description = "Normal days to train on (default ${DEFAULT-VALUE}).")
        int trainDays;

        @Option(names = "--quiet-days", defaultValue = "7", description = "Days without any anomaly (default ${DEFAULT-VALUE}).")
        int quietDays;

        @Option(names = "--incident-days", defaultValue = "4",
                description = "Days with one incident of each kind per host (default ${DEFAULT-VALUE}).")
        int incidentDays;

        @Option(names = "--grace-minutes", defaultValue = "15",
                description = "An alert up to this long after an incident still counts as true (default ${DEFAULT-VALUE}).")
        int grace;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--seeds", paramLabel = "A-B", description = "Several seeds (e.g. 1-5, or 1,3,7): the defaults (and "
                + "--set) on each, one line a seed, then the worst of each figure; without the feedback and maintenance "
                + "runs.")
        String seeds;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A recon serve setting for a second run next to the "
                + "defaults (repeatable), e.g. --set recon.alert.min.anomalies=3.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            if (seeds != null) {
                return seeds(alertSeeds(seeds));
            }
            Path work = Files.createTempDirectory("recon-bench-alerts-");
            try {
                AlertBenchmark bench = new AlertBenchmark(
                        new AlertBenchmark.Options(keys, trainDays, quietDays, incidentDays, seed, grace));
                System.err.printf("bench: training with recon train defaults on %d normal days of %d hosts%n", trainDays, keys);
                Path model = train(bench, work);
                System.err.printf("bench: streaming %,d records through the serving pipeline%n", bench.streamRecords());
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("keys", keys);
                json.put("days_scored", quietDays + incidentDays);
                AlertBenchmark.header(System.out);
                Map<String, Object> defaults = bench.evaluate(model, Map.of());
                AlertBenchmark.print(System.out, "defaults", defaults);
                json.put("defaults", defaults);
                // an operator marks each false alert of the quiet days as such (recon feedback): the days after show it
                Map<String, Object> fed = bench.evaluate(model, Map.of(), true);
                AlertBenchmark.print(System.out, "defaults + feedback", fed);
                json.put("with_feedback", fed);
                // a planned change of level on two hosts, without and inside a maintenance window (recon maintenance)
                Map<String, Object> change = bench.evaluateMaintenance(model, false);
                Map<String, Object> planned = bench.evaluateMaintenance(model, true);
                AlertBenchmark.print(System.out, "level change, no window", change);
                AlertBenchmark.print(System.out, "level change in a window", planned);
                System.out.printf("  changed hosts' alerts: no window %s in the window's span + %s after it; in a window %s + %s%n",
                        change.get("changed_hosts_alerts_in_window"), change.get("changed_hosts_alerts_after_window_quiet_days"),
                        planned.get("changed_hosts_alerts_in_window"), planned.get("changed_hosts_alerts_after_window_quiet_days"));
                json.put("level_change_no_window", change);
                json.put("level_change_in_window", planned);
                if (!settings.isEmpty()) {
                    Map<String, Object> other = bench.evaluate(model, settings);
                    AlertBenchmark.print(System.out, String.valueOf(settings), other);
                    json.put("settings", settings);
                    json.put("with_settings", other);
                }
                System.out.println(Json.mapper().writeValueAsString(json));
                return 0;
            } finally {
                TempDirs.delete(work);
            }
        }

        /** The model the user would train on the stream's normal days ({@code recon train} defaults), in {@code work}. */
        private static Path train(AlertBenchmark bench, Path work, String... extra) throws Exception {
            Path csv = bench.writeTrainingCsv(work);
            Path model = work.resolve("model");
            List<String> args = new ArrayList<>(List.of("--model", "dense-ae", "--data", csv.toString(), "--drop-columns",
                    "host", "--name", "hosts", "--model-version", "bench", "--out", model.toString()));
            args.addAll(List.of(extra));
            args.add(0, "train");
            int rc = Main.execute(args.toArray(new String[0]));
            if (rc != 0) {
                throw new UserException("training failed (exit " + rc + ")");
            }
            return model;
        }

        /** Each seed's defaults (and --set), one line each, then the worst of each figure; JSON last. */
        private int seeds(List<Long> list) throws Exception {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("keys", keys);
            json.put("days_scored", quietDays + incidentDays);
            Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
            AlertBenchmark.header(System.out);
            for (long seed : list) {
                Path work = Files.createTempDirectory("recon-bench-alerts-");
                try {
                    AlertBenchmark bench = new AlertBenchmark(
                            new AlertBenchmark.Options(keys, trainDays, quietDays, incidentDays, seed, grace));
                    System.err.printf("bench: seed %d: training on %d normal days of %d hosts%n", seed, trainDays, keys);
                    Path model = train(bench, work, "-q");
                    Map<String, Object> d = bench.evaluate(model, Map.of());
                    AlertBenchmark.print(System.out, "seed " + seed + ", defaults", d);
                    runs.computeIfAbsent("defaults", k -> new ArrayList<>()).add(d);
                    if (!settings.isEmpty()) {
                        Map<String, Object> o = bench.evaluate(model, settings);
                        AlertBenchmark.print(System.out, "seed " + seed + ", " + settings, o);
                        runs.computeIfAbsent("with_settings", k -> new ArrayList<>()).add(o);
                    }
                } finally {
                    TempDirs.delete(work);
                }
            }
            json.put("seeds", list);
            for (Map.Entry<String, List<Map<String, Object>>> e : runs.entrySet()) {
                Map<String, Object> worst = AlertBenchmark.worst(e.getValue());
                AlertBenchmark.print(System.out, "worst, " + (e.getKey().equals("defaults") ? "defaults" : settings), worst);
                json.put(e.getKey(), e.getValue());
                json.put("worst_" + e.getKey(), worst);
            }
            if (!settings.isEmpty()) {
                json.put("settings", settings);
            }
            System.out.println(Json.mapper().writeValueAsString(json));
            return 0;
        }
    }
}
