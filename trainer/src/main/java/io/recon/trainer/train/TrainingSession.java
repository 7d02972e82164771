package io.recon.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.recon.schemas.contract.InputShape;
import io.recon.trainer.model.ReconstructionBlock;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One model being trained: owns the DJL {@link Model} (and with it every native array), fits it with
 * early stopping, and keeps the best parameters for scoring and export. Close it to free native memory.
 */
public final class TrainingSession implements AutoCloseable {
    private final ReconstructionBlock block;
    private final InputShape shape;
    private final Model model;
    private final Device device;

    public TrainingSession(ReconstructionBlock block, InputShape shape, long seed) {
        this.block = block;
        this.shape = shape;
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) seed);
        this.device = engine.defaultDevice();
        this.model = Model.newInstance("recon", device, "PyTorch");
        model.setBlock(block);
    }

    public Device device() {
        return device;
    }

    public ReconstructionBlock block() {
        return block;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /** Fits on normalized rows; returns the loss history. Restores the parameters of the best validation epoch. */
    public TrainHistory fit(float[][] train, float[][] validation, TrainConfig cfg, double noiseStd, double l1, double beta,
            ProgressListener progress) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(new ReconstructionLoss(l1, beta, shape.size()))
                .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate())).build())
                .optDevices(new Device[] {device});
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        Random random = new Random(cfg.seed());
        int d = shape.size();
        int batchSize = Math.min(cfg.batchSize(), train.length);
        int batches = (train.length + batchSize - 1) / batchSize;
        float[] buffer = new float[batchSize * d];
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Map<String, float[]> bestParams = null;
        boolean stoppedEarly = false;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(shape.withBatch(batchSize)));
            int[] order = new int[train.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                long start = System.nanoTime();
                Shuffle.inPlace(order, random);
                double sum = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int n = Math.min(batchSize, train.length - from);
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(train[order[from + i]], 0, buffer, i * d, d);
                    }
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray x = batch.create(FloatBuffer.wrap(buffer, 0, n * d), new Shape(shape.withBatch(n)));
                        NDArray input = noiseStd > 0 ? x.add(batch.randomNormal(0, (float) noiseStd, x.getShape(),
                                DataType.FLOAT32)) : x;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList predictions = trainer.forward(new NDList(input));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(x), predictions);
                            gc.backward(loss);
                            double value = loss.getFloat();
                            if (!Double.isFinite(value)) {
                                throw new IllegalStateException("training diverged (loss " + value + " at epoch " + epoch
                                        + "); lower --learning-rate or check the data for extreme values");
                            }
                            sum += value * n;
                            progress.onBatch(epoch, cfg.epochs(), b + 1, batches, value);
                            if (value == 0) {
                                continue; // a perfect reconstruction (constant data) leaves nothing to learn
                            }
                        }
                        trainer.step();
                    }
                }
                double epochTrain = sum / train.length;
                double epochVal = reconstructionError(validation, cfg.batchSize());
                trainLoss.add(epochTrain);
                valLoss.add(epochVal);
                boolean improved = epochVal < best * (1 - 1e-4);
                if (improved) {
                    best = epochVal;
                    bestEpoch = epoch;
                    bestParams = snapshot();
                }
                progress.onEpoch(new ProgressListener.EpochStats(epoch, cfg.epochs(), epochTrain, epochVal, improved,
                        (System.nanoTime() - start) / 1e9));
                if (epoch - bestEpoch >= cfg.patience()) {
                    stoppedEarly = true;
                    progress.onMessage("early stop: no validation improvement for " + cfg.patience() + " epochs");
                    break;
                }
            }
        }
        if (bestParams != null) {
            restore(bestParams);
        }
        return new TrainHistory(trainLoss, valLoss, bestEpoch, stoppedEarly);
    }

    /** Mean squared reconstruction error of normalized rows in inference mode. */
    public double reconstructionError(float[][] rows, int batchSize) {
        double sum = 0;
        for (float s : score(rows, batchSize).scores()) {
            sum += s;
        }
        return sum / rows.length;
    }

    /** Forward pass in inference mode over normalized rows: per-row score and squared errors. */
    public Scores score(float[][] normalized, int batchSize) {
        int d = shape.size();
        float[] scores = new float[normalized.length];
        float[][] recon = new float[normalized.length][];
        float[] kl = block.variational() ? new float[normalized.length] : null;
        float[][] codes = new float[normalized.length][];
        float[] buffer = new float[Math.min(batchSize, Math.max(1, normalized.length)) * d];
        ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(model.getNDManager(), false);
        for (int from = 0; from < normalized.length; from += batchSize) {
            int n = Math.min(batchSize, normalized.length - from);
            for (int i = 0; i < n; i++) {
                System.arraycopy(normalized[from + i], 0, buffer, i * d, d);
            }
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray x = batch.create(FloatBuffer.wrap(buffer, 0, n * d), new Shape(shape.withBatch(n)));
                NDList outputs = block.forward(ps, new NDList(x), false);
                float[] r = outputs.get(0).toFloatArray();
                float[] z = outputs.get(1).toFloatArray();
                int codeSize = z.length / n;
                for (int i = 0; i < n; i++) {
                    codes[from + i] = java.util.Arrays.copyOfRange(z, i * codeSize, (i + 1) * codeSize);
                }
                if (kl != null) {
                    NDArray mu = outputs.get(1);
                    NDArray lv = outputs.get(2);
                    float[] k = lv.add(1f).sub(mu.square()).sub(lv.exp()).sum(new int[] {1}).mul(-0.5f).toFloatArray();
                    System.arraycopy(k, 0, kl, from, n);
                }
                for (int i = 0; i < n; i++) {
                    float[] row = new float[d];
                    System.arraycopy(r, i * d, row, 0, d);
                    recon[from + i] = row;
                    double s = 0;
                    float[] in = normalized[from + i];
                    for (int k = 0; k < d; k++) {
                        float diff = in[k] - row[k];
                        s += diff * diff;
                    }
                    scores[from + i] = (float) (s / d);
                }
            }
        }
        return new Scores(recon, scores, kl, codes);
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            copy.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return copy;
    }

    private void restore(Map<String, float[]> values) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().set(values.get(p.getKey()));
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /**
     * Normalized reconstructions, per-row mean squared error, for VAEs the KL divergence per row (else
     * null), and each row's code (VAEs: the latent mean; null when not computed).
     */
    public record Scores(float[][] reconstructions, float[] scores, float[] kl, float[][] codes) {
        public Scores(float[][] reconstructions, float[] scores, float[] kl) {
            this(reconstructions, scores, kl, null);
        }
    }
}
