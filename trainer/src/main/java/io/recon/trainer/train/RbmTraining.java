package io.recon.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recon.schemas.contract.InputShape;
import io.recon.trainer.model.Rbm;
import io.recon.trainer.model.RbmConfig;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains an {@link Rbm} by contrastive divergence (CD-k, or persistent CD-k) with momentum and weight
 * decay, with early stopping on the validation reconstruction error, and scores normalized inputs.
 */
public final class RbmTraining implements AutoCloseable {
    private final NDManager manager;
    private final Rbm rbm;
    private final InputShape shape;
    private final String device;

    public RbmTraining(RbmConfig config, InputShape shape, long seed) {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) seed);
        this.manager = engine.newBaseManager();
        this.device = manager.getDevice().toString();
        this.shape = shape;
        this.rbm = new Rbm(config, shape.withBatch(-1), manager, seed);
    }

    public Rbm rbm() {
        return rbm;
    }

    public String device() {
        return device;
    }

    public TrainHistory fit(float[][] train, float[][] validation, TrainConfig cfg, ProgressListener progress) {
        int d = shape.size();
        int batchSize = Math.min(cfg.batchSize(), train.length);
        int batches = (train.length + batchSize - 1) / batchSize;
        float[] buffer = new float[batchSize * d];
        Random random = new Random(cfg.seed());
        int[] order = new int[train.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        try (NDManager all = manager.newSubManager()) {
            rbm.initVisibleBias(rbm.visible(create(all, train, 0, train.length)));
        }
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean stopped = false;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            long start = System.nanoTime();
            Shuffle.inPlace(order, random);
            float momentum = epoch <= 5 ? 0.5f : 0.9f;
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int n = Math.min(batchSize, train.length - from);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(train[order[from + i]], 0, buffer, i * d, d);
                }
                try (NDManager batch = manager.newSubManager()) {
                    NDArray v = rbm.visible(batch.create(FloatBuffer.wrap(buffer, 0, n * d), new Shape(shape.withBatch(n))));
                    float loss = rbm.update(v, (float) cfg.learningRate(), momentum, 1e-4f);
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException("RBM training diverged at epoch " + epoch
                                + "; lower --learning-rate (standardized data needs a smaller rate for gaussian units)");
                    }
                    sum += loss * n;
                    progress.onBatch(epoch, cfg.epochs(), b + 1, batches, loss);
                }
            }
            double val = mean(score(validation, 512).mse());
            trainLoss.add(sum / train.length);
            valLoss.add(val);
            boolean improved = val < best * (1 - 1e-4);
            if (improved) {
                best = val;
                bestEpoch = epoch;
            }
            progress.onEpoch(new ProgressListener.EpochStats(epoch, cfg.epochs(), sum / train.length, val, improved,
                    (System.nanoTime() - start) / 1e9));
            if (epoch - bestEpoch >= cfg.patience()) {
                stopped = true;
                progress.onMessage("early stop: no validation improvement for " + cfg.patience() + " epochs");
                break;
            }
        }
        // CD updates are noisy; the last parameters are kept (the best epoch is reported)
        return new TrainHistory(trainLoss, valLoss, bestEpoch, stopped);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private NDArray create(NDManager m, float[][] rows, int from, int to) {
        int d = shape.size();
        float[] flat = new float[(to - from) * d];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[i], 0, flat, (i - from) * d, d);
        }
        return m.create(flat, new Shape(shape.withBatch(to - from)));
    }

    /** Mean-field reconstructions (normalized, flattened), their mean squared error, and the free energy, per row. */
    public record RbmScores(float[][] reconstructions, float[] mse, float[] freeEnergy) {
        public float[] primary(RbmConfig c) {
            return c.score().equals("free-energy") ? freeEnergy : mse;
        }
    }

    public RbmScores score(float[][] normalized, int batchSize) {
        int d = shape.size();
        float[][] recon = new float[normalized.length][];
        float[] mse = new float[normalized.length];
        float[] free = new float[normalized.length];
        for (int from = 0; from < normalized.length; from += batchSize) {
            int to = Math.min(normalized.length, from + batchSize);
            try (NDManager batch = manager.newSubManager()) {
                NDArray v = rbm.visible(create(batch, normalized, from, to));
                float[] r = rbm.reconstruct(v).toFloatArray();
                float[] f = rbm.freeEnergy(v).toFloatArray();
                for (int i = from; i < to; i++) {
                    float[] row = new float[d];
                    System.arraycopy(r, (i - from) * d, row, 0, d);
                    recon[i] = row;
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        float diff = normalized[i][k] - row[k];
                        s += diff * diff;
                    }
                    mse[i] = (float) (s / d);
                    free[i] = f[i - from];
                }
            }
        }
        return new RbmScores(recon, mse, free);
    }

    @Override
    public void close() {
        rbm.close();
        manager.close();
    }
}
