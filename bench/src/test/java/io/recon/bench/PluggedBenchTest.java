package io.recon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With this module on the class path, {@code recon} has its {@code bench} command (found by ServiceLoader). */
class PluggedBenchTest {
    @Test
    void reconListsBenchAndRunsItsSubcommands() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith("bench ")), help.out());
        CliRun bench = CliRun.of("bench", "--help");
        assertEquals(0, bench.exitCode(), bench.err());
        for (String sub : List.of("stream", "hotpath", "quality", "alerts", "soak", "compare")) {
            assertTrue(bench.out().lines().anyMatch(l -> l.strip().startsWith(sub + " ")), sub + " in " + bench.out());
        }
        CliRun bad = CliRun.of("bench", "alerts", "--seeds", "5-1");
        assertEquals(1, bad.exitCode(), bad.out());
        assertTrue(bad.err().contains("--seeds 5-1"), bad.err());
    }
}
