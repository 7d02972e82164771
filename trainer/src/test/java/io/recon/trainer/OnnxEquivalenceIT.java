package io.recon.trainer;

import io.recon.testkit.DataGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.RbmTraining;
import io.recon.trainer.train.TrainingSession;
import io.recon.trainer.model.RbmConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every model kind: the exported ONNX model, run by the streaming module's ONNX Runtime scorer,
 * gives the same reconstruction, per-feature error and score as DJL's forward pass on fresh inputs:
 * max abs difference <= 1e-5 (the reconstruction in units of max(1, feature scale)).
 */
class OnnxEquivalenceIT {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @Test
    void denseAutoencoder() throws Exception {
        check(Requests.dense(csv(), dir.resolve("m"), Requests.plain(), 0, 3, null));
    }

    @Test
    void denseTiedDenoisingSparseLeakyRelu() throws Exception {
        DenseAeConfig cfg = new DenseAeConfig(List.of(12, 6, 3), Activation.LEAKY_RELU, 0.1, 1e-3, true);
        check(Requests.dense(csv(), dir.resolve("m"), cfg, 0, 3, null));
    }

    @Test
    void denseSigmoidWindowed() throws Exception {
        DenseAeConfig cfg = new DenseAeConfig(List.of(20, 4), Activation.SIGMOID, 0, 0, false);
        check(Requests.dense(csv(), dir.resolve("m"), cfg, 8, 2, null));
    }

    @Test
    void convAutoencoderOnImages() throws Exception {
        Path images = DataGenerator.idxImages(dir, 300, 12, 12, 0.0, true, 3);
        check(Requests.conv(images, dir.resolve("m"), new ConvAeConfig(List.of(4, 8), 8, Activation.RELU, 0.05), 0, 2,
                null, null));
    }

    @Test
    void convAutoencoderWithLatentDensity() throws Exception {
        Path images = DataGenerator.idxImages(dir, 300, 12, 12, 0.0, true, 5);
        check(Requests.conv(images, dir.resolve("m"), new ConvAeConfig(List.of(4, 8), 6, Activation.TANH, 0, true), 0, 2,
                null, null));
    }

    @Test
    void convVaeWithLatentDensity() throws Exception {
        Path images = DataGenerator.idxImages(dir, 200, 12, 12, 0.0, true, 6);
        check(Requests.convVae(images, dir.resolve("m"), new ConvAeConfig(List.of(4), 4, Activation.TANH, 0, true), 2, null));
    }

    @Test
    void convAutoencoderOddSizeWithoutBottleneck() throws Exception {
        Path images = DataGenerator.idxImages(dir, 200, 11, 9, 0.0, false, 4);
        check(Requests.conv(images, dir.resolve("m"), new ConvAeConfig(List.of(3), 0, Activation.TANH, 0), 0, 2, null, null));
    }

    @Test
    void convAutoencoderOnWindows() throws Exception {
        check(Requests.conv(csv(), dir.resolve("m"), new ConvAeConfig(List.of(4, 4), 6, Activation.RELU, 0), 10, 2, null,
                null));
    }

    @Test
    void variationalAutoencoderWithNegativeElbo() throws Exception {
        DenseAeConfig cfg = new DenseAeConfig(List.of(12, 3), Activation.TANH, 0, 0, false);
        check(Requests.vae(csv(), dir.resolve("m"), cfg, 0, 3, null, 0.5));
    }

    @Test
    void convolutionalVaeOnImages() throws Exception {
        Path images = DataGenerator.idxImages(dir, 200, 12, 12, 0.0, true, 8);
        check(Requests.convVae(images, dir.resolve("m"), new ConvAeConfig(List.of(4, 8), 6, Activation.RELU, 0), 2, null));
    }

    @Test
    void bernoulliRbmWithCdK() throws Exception {
        check(Requests.rbm(csv(), dir.resolve("m"), new RbmConfig("bernoulli", 8, 2, false, "free-energy"), 3));
    }

    @Test
    void gaussianRbmWithPersistentCd() throws Exception {
        check(Requests.rbm(csv(), dir.resolve("m"), new RbmConfig("gaussian", 6, 1, true, "reconstruction"), 3));
    }

    @Test
    void bernoulliRbmOnImages() throws Exception {
        Path images = DataGenerator.idxImages(dir, 200, 10, 10, 0.0, false, 9);
        check(Requests.rbm(images, dir.resolve("m"), new RbmConfig("bernoulli", 16, 1, true, "reconstruction"), 2));
    }

    private Path csv() throws Exception {
        return DataGenerator.correlatedCsv(dir, 600, 5, 0.0, 11);
    }

    private static void check(TrainRequest request) throws Exception {
        double[] worst = new double[4];
        TrainJob.run(request, ProgressListener.NONE, (trained, normalizer, contract, modelFile, density) -> {
            float[][] raw = freshInputs(contract, new Random(99));
            float[][] norm = normalizer.applyAll(raw);
            TrainingSession.Scores djl;
            float[] freeEnergy = null;
            if (trained instanceof TrainingSession session) {
                djl = session.score(norm, 64);
            } else {
                RbmTraining.RbmScores r = ((RbmTraining) trained).score(norm, 64);
                djl = new TrainingSession.Scores(r.reconstructions(), r.mse(), null);
                freeEnergy = r.freeEnergy();
            }
            float[] center = contract.preprocessing().centerArray();
            float[] scale = contract.preprocessing().scaleArray();
            InputShape shape = contract.inputShape();
            int f = shape.featuresPerRecord();
            int d = shape.size();
            try (OnnxModel onnx = OnnxModel.load(modelFile, ScorerOptions.defaults())) {
                assertEquals(contract, onnx.contract(), "contract must round-trip through the ONNX metadata");
                assertEquals(djl.kl() != null, contract.score().alternatives().contains("neg_elbo"));
                assertEquals(contract, ModelContract.read(modelFile.resolveSibling("contract.json")));
                OnnxModel.Outputs out = onnx.scoreAll(raw);
                for (int i = 0; i < raw.length; i++) {
                    float[] rec = djl.reconstructions()[i];
                    double[] featureError = new double[f];
                    for (int k = 0; k < d; k++) {
                        int c = k % center.length;
                        float rawRec = rec[k] * scale[c] + center[c];
                        // raw units: measured in units of the feature's scale, since float32 cannot
                        // resolve 1e-5 at pixel values near 255 (ulp 1.5e-5)
                        worst[0] = Math.max(worst[0],
                                Math.abs(rawRec - out.reconstruction()[i * d + k]) / Math.max(1f, scale[c]));
                        float diff = norm[i][k] - rec[k];
                        featureError[k % f] += diff * diff;
                    }
                    for (int k = 0; k < f; k++) {
                        double expected = featureError[k] / (d / f);
                        worst[1] = Math.max(worst[1], Math.abs(expected - out.featureError()[i * f + k]));
                    }
                    worst[2] = Math.max(worst[2], Math.abs(djl.scores()[i] - out.all().get("score")[i]));
                    if (freeEnergy != null) {
                        float onnxFree = out.all().get("free_energy")[i];
                        worst[3] = Math.max(worst[3], Math.abs(freeEnergy[i] - onnxFree) / Math.max(1, Math.abs(freeEnergy[i])));
                    }
                    if (density != null) {
                        float expected = density.score(new float[] {djl.scores()[i]}, new float[][] {djl.codes()[i]})[0];
                        float onnxScore = out.score()[i];
                        worst[3] = Math.max(worst[3], Math.abs(expected - onnxScore) / Math.max(1, Math.abs(expected)));
                    }
                    if (djl.kl() != null) {
                        float[] negElbo = out.all().get("neg_elbo");
                        double expected = 0.5 * d * djl.scores()[i] + djl.kl()[i];
                        worst[3] = Math.max(worst[3], Math.abs(expected - negElbo[i]) / Math.max(1, Math.abs(expected)));
                    }
                }
            }
        });
        assertTrue(worst[0] <= TOLERANCE, "reconstruction differs by " + worst[0]);
        assertTrue(worst[1] <= TOLERANCE, "feature error differs by " + worst[1]);
        assertTrue(worst[2] <= TOLERANCE, "score differs by " + worst[2]);
        assertTrue(worst[3] <= TOLERANCE, "negative ELBO / free energy / latent-density score differs (relative) by "
                + worst[3]);
    }

    /** Inputs the model never saw: uniform over a range a little wider than the training data. */
    private static float[][] freshInputs(ModelContract c, Random r) {
        float[] center = c.preprocessing().centerArray();
        float[] scale = c.preprocessing().scaleArray();
        int d = c.inputShape().size();
        float[][] raw = new float[37][d];
        for (float[] row : raw) {
            for (int k = 0; k < d; k++) {
                int i = k % center.length;
                row[k] = center[i] + scale[i] * (float) (c.preprocessing().method().equals("global")
                        ? r.nextDouble() * 1.2 - 0.1 : r.nextGaussian() * 1.5);
            }
        }
        return raw;
    }
}
