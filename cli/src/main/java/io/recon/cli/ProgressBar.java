package io.recon.cli;

import io.recon.trainer.train.ProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress bar on stderr with the loss; on a non-terminal (CI logs, pipes) one line per epoch.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private final boolean quiet;
    private long lastDraw;
    private double lastVal = Double.NaN;

    ProgressBar(PrintStream out, boolean interactive, boolean quiet) {
        this.out = out;
        this.interactive = interactive;
        this.quiet = quiet;
    }

    @Override
    public void onBatch(int epoch, int epochs, int batch, int batches, double loss) {
        if (quiet || !interactive) {
            return;
        }
        long now = System.nanoTime();
        if (batch != batches && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double done = ((epoch - 1) + batch / (double) batches) / epochs;
        int filled = (int) Math.round(done * WIDTH);
        out.printf("\r[%s%s] %3.0f%% epoch %d/%d  loss %.5f%s ", "#".repeat(filled), " ".repeat(WIDTH - filled),
                done * 100, epoch, epochs, loss, Double.isNaN(lastVal) ? "" : String.format("  val %.5f", lastVal));
        out.flush();
    }

    @Override
    public void onEpoch(EpochStats s) {
        lastVal = s.validationLoss();
        if (quiet) {
            return;
        }
        if (!interactive) {
            out.printf("epoch %d/%d  loss %.5f  val %.5f%s  (%.1fs)%n", s.epoch(), s.epochs(), s.trainLoss(),
                    s.validationLoss(), s.improved() ? " *" : "", s.seconds());
        } else if (s.epoch() == s.epochs()) {
            out.println();
        }
    }

    @Override
    public void onMessage(String message) {
        if (quiet) {
            return;
        }
        if (interactive) {
            out.print("\r\033[K");
        }
        out.println(message);
    }
}
