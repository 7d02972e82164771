package io.recon.streaming.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a model directory (or a symbolic link to one, as retraining jobs swap it) for a changed
 * {@code model.onnx} and offers each new version to the {@link ModelSwapper}.
 */
public final class ModelDirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

    private final Path dir;
    private final ModelSwapper swapper;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recon-model-watch");
        t.setDaemon(true);
        return t;
    });
    private byte[] lastDigest;

    public ModelDirectoryWatcher(Path dir, ModelSwapper swapper, long pollMs) {
        this.dir = dir;
        this.swapper = swapper;
        this.lastDigest = digest(read());
        poller.scheduleWithFixedDelay(this::poll, pollMs, pollMs, TimeUnit.MILLISECONDS);
    }

    private byte[] read() {
        Path file = Files.isDirectory(dir) ? dir.resolve("model.onnx") : dir;
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] digest(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void poll() {
        try {
            byte[] bytes = read();
            byte[] d = digest(bytes);
            if (bytes == null || Arrays.equals(d, lastDigest)) {
                return;
            }
            lastDigest = d;
            swapper.offer(bytes, dir.toString());
        } catch (RuntimeException e) {
            LOG.error("watching {} failed: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
