package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.config.ReconSettings;
import org.junit.jupiter.api.Test;

/** Settings are checked before anything starts: no broker or model is needed to be told what is wrong. */
class ServeCommandTest {
    private static void failsAtOnceWithOneLine(String expected, String... args) {
        // the settings' own error, not the unreachable broker's or the missing model's: nothing was started (no
        // assertion on how long it took: a loaded machine would fail that, a correct program never)
        CliRun run = CliRun.of(args);
        assertEquals(1, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("recon: error: ") && err.contains(expected), err);
        assertTrue(!err.contains("127.0.0.1:1") && !err.contains("no-such-dir"), "nothing was started or waited for: " + err);
    }

    @Test
    void badSettingsStopServeBeforeAnythingStarts() {
        // the bootstrap address and model directory do not exist: the settings are rejected before either is used
        failsAtOnceWithOneLine("is not a valid regular expression", "serve", "--bootstrap", "127.0.0.1:1", "--model",
                "no-such-dir", "--route-by", "key", "--route-rules", "([a=m");
        failsAtOnceWithOneLine("recon.batch.size", "serve", "--bootstrap", "127.0.0.1:1", "--model", "no-such-dir",
                "--batch-size", "-3");
        failsAtOnceWithOneLine("recon.processing.guarantee", "serve", "--bootstrap", "127.0.0.1:1", "--model", "no-such-dir",
                "--processing-guarantee", "exactly_once");
        failsAtOnceWithOneLine("unknown setting recon.batchsize", "serve", "--bootstrap", "127.0.0.1:1", "--model",
                "no-such-dir", "--kafka", "x=y", "--config", writeConfig("recon.batchsize=3"));
    }

    @Test
    void everySettingWithAFlagIsAServeOptionDocumentedFromItsDefinition() {
        CliRun help = CliRun.of("serve", "--help");
        assertEquals(0, help.exitCode());
        for (ReconSettings.Setting s : ReconSettings.ALL) {
            if (s.flag() != null) {
                assertTrue(help.out().contains(s.flag()), s.flag() + " in --help");
            }
        }
        Object batchSize = ReconSettings.ALL.stream().filter(s -> s.key().equals("recon.batch.size")).findFirst()
                .orElseThrow().defaultValue();
        assertTrue(help.out().contains("Default: " + batchSize), "defaults come from the definitions");
    }

    private static String writeConfig(String text) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("recon", ".properties");
            java.nio.file.Files.writeString(f, text);
            f.toFile().deleteOnExit();
            return f.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
