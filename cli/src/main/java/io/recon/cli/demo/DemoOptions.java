package io.recon.cli.demo;

import java.nio.file.Path;

/**
 * Demo settings.
 *
 * @param data a CSV to replay instead of the generator, or null
 * @param labelColumn label column of {@code data} (1/anomalous vs normalLabel), or null
 */
public record DemoOptions(int durationSeconds, int rate, String model, Path data, String labelColumn, String normalLabel,
        int metricsPort, int hosts, long seed) {
    public DemoOptions {
        if (durationSeconds < 5) {
            throw new IllegalArgumentException("--duration must be at least 5 seconds");
        }
        if (rate < 10) {
            throw new IllegalArgumentException("--rate must be at least 10 records/s");
        }
        if (!model.equals("dense-ae") && !model.equals("conv-ae")) {
            throw new IllegalArgumentException("--model must be dense-ae or conv-ae");
        }
        if (hosts < 1 || hosts > rate) {
            throw new IllegalArgumentException("--hosts must be between 1 and the rate");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535");
        }
    }
}
