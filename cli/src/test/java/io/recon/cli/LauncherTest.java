package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code recon} launcher's stderr: the one libtorch deprecation line written by native code is dropped, anything
 * else the process writes passes, and Java's own stderr reaches the terminal directly (RECON_STDERR_FD), so
 * progress bars are not held up by a line filter. A stand-in {@code java} plays the JVM.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    private String[] run(String verbose) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, String.join("\n", "#!/usr/bin/env bash",
                "echo '[W1202 02:59:18.993 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated and "
                        + "will be removed in 1.10 release.' >&2",
                "echo 'native error that matters' >&2",
                "if [ -n \"${RECON_STDERR_FD:-}\" ]; then printf 'progress 50%%\\r' >&\"$RECON_STDERR_FD\"; fi",
                "echo out", "exit 3", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", Tools.repoRoot().resolve("recon").toString(), "--version");
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        pb.environment().put("RECON_SKIP_BUILD", "1");
        pb.environment().remove("RECON_VERBOSE");
        if (verbose != null) {
            pb.environment().put("RECON_VERBOSE", verbose);
        }
        pb.redirectError(tmp.resolve("err.txt").toFile()).redirectOutput(tmp.resolve("out.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Thread.sleep(200); // the filter flushes after the process ends
        return new String[] {Integer.toString(p.exitValue()), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8)};
    }

    @Test
    void dropsOnlyTheLibtorchDeprecationLineAndKeepsTheExitCode() throws Exception {
        String[] r = run(null);
        assertEquals("3", r[0], "the JVM's exit code");
        assertEquals("out\n", r[1]);
        assertFalse(r[2].contains("AutoNonVariableTypeMode"), r[2]);
        assertTrue(r[2].contains("native error that matters"), r[2]);
        assertTrue(r[2].contains("progress 50%\r"), "Java's stderr passes unfiltered: " + r[2]);
    }

    @Test
    void reconVerboseKeepsIt() throws Exception {
        String[] r = run("1");
        assertTrue(r[2].contains("AutoNonVariableTypeMode"), r[2]);
        assertEquals("3", r[0]);
    }
}
