package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    /**
     * A stand-in JVM: native noise and a real error on stderr, a line on stdout, and, where the launcher passes a
     * descriptor for Java's own stderr, a progress line written to a fresh opening of it as Java's
     * FileOutputStream does (dd opens it truncating, as FileOutputStream does). The shell template runs it where
     * it says RECON.
     */
    private ProcessBuilder launcher(String verbose, String shellTemplate) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, String.join("\n", "#!/usr/bin/env bash",
                "echo '[W1202 02:59:18.993 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated and "
                        + "will be removed in 1.10 release.' >&2",
                "echo 'native error that matters' >&2",
                "if [ -n \"${RECON_STDERR_FD:-}\" ]; then printf 'progress 50%%\\r' | dd status=none "
                        + "of=/dev/fd/$RECON_STDERR_FD; else echo 'java stderr line' >&2; fi",
                "echo out", "exit 3", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        String recon = Tools.repoRoot().resolve("recon").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                shellTemplate.replace("RECON", "bash '" + recon + "' --version"));
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        pb.environment().put("RECON_SKIP_BUILD", "1");
        pb.environment().remove("RECON_VERBOSE");
        if (verbose != null) {
            pb.environment().put("RECON_VERBOSE", verbose);
        }
        pb.directory(tmp.toFile());
        return pb;
    }

    /**
     * Runs the launcher with its output on pipes: exit code, stdout, stderr. Its stderr is a shell pipe to
     * {@code cat}, and the shell waits for {@code cat}: the filter may write after the JVM has exited, and a JDK
     * {@link Process} drains and closes its stderr pipe as soon as the process exits, dropping what comes later.
     */
    private String[] run(String verbose) throws Exception {
        Process p = launcher(verbose, "{ RECON 2>&1 1>&3 3>&- | cat >&2; exit \"${PIPESTATUS[0]}\"; } 3>&1").start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8)};
    }

    /** The file's text once it has the lines expected: the filter may write its last line after the JVM's exit. */
    private static String settled(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        while (text.lines().count() < lines && System.nanoTime() < deadline) {
            Thread.sleep(20);
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        Thread.sleep(100); // and nothing more after them
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void appendingToALogFileTwiceKeepsEveryLineOfBothRuns() throws Exception {
        Path log = tmp.resolve("k.log");
        Files.writeString(log, "earlier content\n");
        for (int i = 0; i < 2; i++) {
            Process p = launcher(null, "RECON >> k.log 2>&1; echo \"rc=$?\" >&2").redirectErrorStream(true).start();
            String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals("rc=3\n", shell);
        }
        String text = settled(log, 7);
        assertFalse(text.contains("\0"), "no NUL bytes: " + text);
        assertTrue(text.startsWith("earlier content\n"), text);
        List<String> lines = text.lines().sorted().toList();
        assertEquals(List.of("earlier content", "java stderr line", "java stderr line",
                "native error that matters", "native error that matters", "out", "out"), lines, text);
    }

    @Test
    void truncatingRedirectionOfBothStreamsKeepsLinesWhole() throws Exception {
        Process p = launcher(null, "RECON > both.log 2>&1").start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("java stderr line", "native error that matters", "out"),
                settled(tmp.resolve("both.log"), 3).lines().sorted().toList());
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
