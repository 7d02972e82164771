package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * This module's test classpath is its runtime classpath plus its test libraries: what {@code recon-cli} ships (the
 * trainer image). The benchmarks, and what only they need, live in the bench module: none of it is here, and
 * {@code recon} without that module on the class path has no {@code bench} command.
 */
class CliArtifactTest {
    @Test
    void carriesNoBenchmarkCodeNorItsLibraries() {
        for (String absent : new String[] {"io.recon.bench.BenchCommand", "io.recon.bench.RcfSuites",
                "com.amazon.randomcutforest.RandomCutForest", "com.alibaba.fastjson2.JSONReader"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent + " must not be in recon-cli");
        }
    }

    @Test
    void withoutTheBenchModuleRecon_HasNoBenchCommandAndStillEndsWithHelp() {
        picocli.CommandLine cli = Main.commandLine();
        assertFalse(cli.getSubcommands().containsKey("bench"), cli.getSubcommands().keySet().toString());
        assertTrue(cli.getSubcommands().containsKey("serve"));
        String last = null;
        for (String name : cli.getSubcommands().keySet()) {
            last = name;
        }
        assertEquals("help", last);
    }
}
