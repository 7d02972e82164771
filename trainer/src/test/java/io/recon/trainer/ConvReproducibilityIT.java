package io.recon.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.testkit.DataGenerator;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolutional models with the CLI's defaults (16,32 channels, a 16-to-1 channel last layer, tanh, a
 * 64-wide code scored with the latent density) train to the same bits run after run in one JVM, with finite losses, and hold-out loss of the
 * same order as training loss on data of the same distribution. Before the fix, PyTorch's stride-1
 * convolution gradient read uninitialised memory here: runs differed and diverged at random.
 */
class ConvReproducibilityIT {
    private static final int RUNS = 3;

    @TempDir
    Path dir;

    @Test
    void convAutoencoderTrainsToTheSameLossesEveryRun() throws Exception {
        Path images = DataGenerator.idxImages(dir, 600, 28, 28, 0.0, true, 41);
        ConvAeConfig cfg = ConvAeConfig.defaults();
        assertReproducible(i -> Requests.conv(images, dir.resolve("ae" + i), cfg, 0, 4, null, null));
    }

    @Test
    void convVaeTrainsToTheSameLossesEveryRun() throws Exception {
        Path images = DataGenerator.idxImages(dir, 600, 28, 28, 0.0, true, 42);
        ConvAeConfig cfg = ConvAeConfig.defaults();
        assertReproducible(i -> Requests.convVae(images, dir.resolve("vae" + i), cfg, 4, null));
    }

    private interface RequestFor {
        TrainRequest of(int run);
    }

    private static void assertReproducible(RequestFor request) throws Exception {
        List<TrainHistory> histories = new ArrayList<>();
        List<float[]> validationScores = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            List<Double> batchLosses = new ArrayList<>();
            TrainResult r = TrainJob.run(request.of(run), new ProgressListener() {
                @Override
                public void onBatch(int epoch, int epochs, int batch, int batches, double loss) {
                    batchLosses.add(loss);
                }
            });
            TrainHistory h = r.history();
            for (double loss : batchLosses) {
                assertTrue(Double.isFinite(loss), "run " + run + ": batch loss " + loss);
            }
            for (int e = 0; e < h.trainLoss().size(); e++) {
                double train = h.trainLoss().get(e);
                double val = h.validationLoss().get(e);
                assertTrue(Double.isFinite(train) && Double.isFinite(val), "run " + run + " epoch " + (e + 1));
            }
            int last = h.trainLoss().size() - 1;
            double ratio = h.validationLoss().get(last) / h.trainLoss().get(last);
            assertTrue(ratio < 2, "validation loss " + h.validationLoss().get(last) + " vs training loss "
                    + h.trainLoss().get(last) + " on the same distribution");
            histories.add(h);
            validationScores.add(r.validationScores());
        }
        for (int run = 1; run < RUNS; run++) {
            assertEquals(histories.get(0).trainLoss(), histories.get(run).trainLoss(), "training losses of run " + run);
            assertEquals(histories.get(0).validationLoss(), histories.get(run).validationLoss(),
                    "validation losses of run " + run);
            assertArrayEquals(validationScores.get(0), validationScores.get(run), "held-out scores of run " + run);
        }
    }
}
