package io.recon.trainer;

/**
 * Thread and offline defaults for DJL's PyTorch engine. They are read once, before the first DJL call:
 * on small machines PyTorch's default thread pools make training several times slower.
 * Explicit system properties win.
 */
public final class NativeSettings {
    private NativeSettings() {}

    public static void applyDefaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        String threads = Integer.toString(cores <= 2 ? 1 : Math.min(8, cores / 2));
        setIfAbsent("ai.djl.pytorch.num_threads", threads);
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.offline", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
