package io.recon.bench;

import io.recon.cli.UserException;
import io.recon.schemas.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recon against AWS Random Cut Forest (randomcutforest-parkservices, the ThresholdedRandomCutForest "
                + "OpenSearch Anomaly Detection runs) in one run, on the same files and protocols: NAB, SKAB (causal) and "
                + "ODDS from DIR/nab, DIR/skab and DIR/odds (each skipped when absent), Recon with its defaults against RCF "
                + "with its documented defaults (parameters printed); then records per second on one core, same records, no "
                + "Kafka. Prints a table; the last stdout line is JSON.")
final class BenchCompareCommand implements Callable<Integer> {
    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "A directory holding nab/, skab/ and odds/ in the layouts of `recon bench quality`.")
    Path dataDir;

    @Option(names = "--speed-records", defaultValue = "20000", paramLabel = "N",
            description = "Records per round of the speed comparison (default ${DEFAULT-VALUE}).")
    int speedRecords;

    @Override
    public Integer call() throws Exception {
        if (!java.nio.file.Files.isDirectory(dataDir)) {
            throw new UserException(dataDir + ": not a directory");
        }
        if (speedRecords < 1000) {
            throw new UserException("--speed-records must be at least 1000");
        }
        Map<String, Object> json = new CompareBenchmark(dataDir, speedRecords).run(System.out, System.err);
        System.out.println(Json.mapper().writeValueAsString(json));
        return 0;
    }
}
