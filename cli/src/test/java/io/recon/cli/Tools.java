package io.recon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates external tools that some tests use; those tests skip, saying why, when a tool is missing. */
final class Tools {
    private Tools() {}

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Env var NAME_BIN, then .ci/cache (filled by .ci/run from Debian's packages: prometheus, kcat), then PATH. */
    static Optional<Path> find(String name) {
        String env = System.getenv(envName(name));
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        Path cached = repoRoot().resolve(".ci/cache/usr/bin/" + name);
        if (Files.isExecutable(cached)) {
            return Optional.of(cached);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code prometheus-alertmanager} -> {@code PROMETHEUS_ALERTMANAGER_BIN}. */
    static String envName(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_BIN";
    }

    static String skipMessage(String name) {
        return "SKIPPED: no '" + name + "' binary (set " + envName(name) + ", put it on PATH, or run .ci/run, which unpacks Debian's packages into .ci/cache)";
    }
}
