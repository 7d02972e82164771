package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recon.trainer.export.OnnxGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted Boltzmann machine over the flattened (normalized) input: Bernoulli-Bernoulli for
 * data in [0,1] (inputs are clipped to [0,1]) or Gaussian-Bernoulli with unit-variance visible units
 * for standardized data. Parameters are plain arrays updated by contrastive divergence
 * ({@link #update}); scores are the free energy or the mean-field reconstruction error.
 */
public final class Rbm implements OnnxNetwork, AutoCloseable {
    private final RbmConfig config;
    private final int visible;
    private final long[] inputDims;
    private final NDManager manager;
    private NDArray w;
    private NDArray vb;
    private NDArray hb;
    private NDArray dw;
    private NDArray dvb;
    private NDArray dhb;
    private NDArray chain;

    public Rbm(RbmConfig config, long[] inputDimsWithBatch, NDManager parent, long seed) {
        this.config = config;
        this.inputDims = inputDimsWithBatch.clone();
        long v = 1;
        for (int i = 1; i < inputDims.length; i++) {
            v *= inputDims[i];
        }
        this.visible = (int) v;
        this.manager = parent.newSubManager();
        manager.getEngine().setRandomSeed((int) seed);
        w = manager.randomNormal(0f, 0.01f, new Shape(visible, config.hidden()), DataType.FLOAT32);
        vb = manager.zeros(new Shape(visible));
        hb = manager.zeros(new Shape(config.hidden()));
        dw = w.zerosLike();
        dvb = vb.zerosLike();
        dhb = hb.zerosLike();
    }

    public RbmConfig config() {
        return config;
    }

    private boolean bernoulli() {
        return config.visible().equals("bernoulli");
    }

    /** Flattened [n, V] visible units from a normalized batch (clipped to [0,1] for Bernoulli units). */
    public NDArray visible(NDArray normalized) {
        NDArray v = normalized.reshape(normalized.getShape().get(0), visible);
        return bernoulli() ? v.clip(0f, 1f) : v;
    }

    private NDArray hiddenProb(NDArray v) {
        return v.matMul(w).add(hb).getNDArrayInternal().sigmoid();
    }

    private NDArray visibleMean(NDArray h) {
        NDArray pre = h.matMul(BatchOwned.view(w.transpose(), h)).add(vb);
        return bernoulli() ? pre.getNDArrayInternal().sigmoid() : pre;
    }

    private NDArray sampleBernoulli(NDArray p) {
        return p.gt(p.getManager().randomUniform(0f, 1f, p.getShape())).toType(DataType.FLOAT32, false);
    }

    /** Initialises the visible biases from the data (Bernoulli: log-odds of the mean; Gaussian: the mean). */
    public void initVisibleBias(NDArray data) {
        NDArray mean = data.mean(new int[] {0});
        NDArray bias = bernoulli() ? mean.clip(1e-3f, 1 - 1e-3f).div(mean.clip(1e-3f, 1 - 1e-3f).neg().add(1f)).log() : mean;
        vb.close();
        vb = bias.duplicate();
        vb.attach(manager);
    }

    /** One CD-k (or PCD-k) update on a batch of visible vectors; returns the batch's reconstruction error. */
    public float update(NDArray v0, float learningRate, float momentum, float weightDecay) {
        int n = (int) v0.getShape().get(0);
        NDArray ph0 = hiddenProb(v0);
        NDArray h = config.persistent() && chain != null && chain.getShape().get(0) == n ? chain : sampleBernoulli(ph0);
        NDArray vk = null;
        NDArray phk = null;
        for (int step = 0; step < config.k(); step++) {
            NDArray mean = visibleMean(h);
            vk = bernoulli() ? sampleBernoulli(mean) : mean.add(mean.getManager().randomNormal(0f, 1f, mean.getShape(),
                    DataType.FLOAT32));
            phk = hiddenProb(vk);
            h = sampleBernoulli(phk);
        }
        if (config.persistent()) {
            if (chain != null) {
                chain.close();
            }
            chain = h.duplicate();
            chain.attach(manager);
        }
        NDArray gradW = v0.transpose().matMul(ph0).sub(vk.transpose().matMul(phk)).div(n)
                .sub(BatchOwned.view(w.mul(weightDecay), v0));
        NDArray gradVb = v0.sub(vk).mean(new int[] {0});
        NDArray gradHb = ph0.sub(phk).mean(new int[] {0});
        // products started from the parameters belong to the batch: only the new values outlive it
        replace(BatchOwned.view(dw.mul(momentum), v0).add(gradW.mul(learningRate)), 0);
        replace(BatchOwned.view(dvb.mul(momentum), v0).add(gradVb.mul(learningRate)), 1);
        replace(BatchOwned.view(dhb.mul(momentum), v0).add(gradHb.mul(learningRate)), 2);
        replace(w.add(dw), 3);
        replace(vb.add(dvb), 4);
        replace(hb.add(dhb), 5);
        return visibleMean(ph0).sub(v0).square().mean().getFloat();
    }

    private void replace(NDArray value, int which) {
        value.attach(manager);
        NDArray old = switch (which) {
            case 0 -> dw;
            case 1 -> dvb;
            case 2 -> dhb;
            case 3 -> w;
            case 4 -> vb;
            default -> hb;
        };
        switch (which) {
            case 0 -> dw = value;
            case 1 -> dvb = value;
            case 2 -> dhb = value;
            case 3 -> w = value;
            case 4 -> vb = value;
            default -> hb = value;
        }
        old.close();
    }

    /** Mean-field reconstruction of normalized inputs, shape [n, V]. */
    public NDArray reconstruct(NDArray v) {
        return visibleMean(hiddenProb(v));
    }

    /** Free energy per row: Bernoulli {@code -v.b - sum softplus(vW + c)}; Gaussian {@code 0.5|v - b|^2 - sum softplus(vW + c)}. */
    public NDArray freeEnergy(NDArray v) {
        NDArray pre = v.matMul(w).add(hb);
        NDArray softplus = pre.maximum(0f).add(pre.abs().neg().exp().add(1f).log()); // log(1 + e^x), overflow-safe
        NDArray hidden = softplus.sum(new int[] {1});
        NDArray visibleTerm = bernoulli() ? v.matMul(vb).neg() : v.sub(vb).square().sum(new int[] {1}).mul(0.5f);
        return visibleTerm.sub(hidden);
    }

    @Override
    public OnnxOut toOnnx(OnnxGraph g, String input) {
        String v = g.op("Reshape", input, g.longs("flat_shape", -1, visible));
        if (bernoulli()) {
            v = g.op("Clip", v, g.floats("zero", new float[] {0f}), g.floats("one", new float[] {1f}));
        }
        String weights = g.floats("rbm_w", w.toFloatArray(), visible, config.hidden());
        String visibleBias = g.floats("rbm_vb", vb.toFloatArray(), visible);
        String pre = g.op("Gemm", List.of(v, weights, g.floats("rbm_hb", hb.toFloatArray(), config.hidden())), Map.of());
        String h = g.op("Sigmoid", pre);
        String recon = g.op("Gemm", List.of(h, weights, visibleBias), Map.of("transB", 1));
        if (bernoulli()) {
            recon = g.op("Sigmoid", recon);
        }
        String hidden = g.op("ReduceSum", List.of(g.op("Softplus", pre), g.longs("axes", 1)), Map.of("keepdims", 0));
        String visibleTerm;
        if (bernoulli()) {
            String vbColumn = g.floats("rbm_vb_col", vb.toFloatArray(), visible, 1);
            visibleTerm = g.op("Neg", g.op("Reshape", g.op("MatMul", v, vbColumn), g.longs("shape", -1)));
        } else {
            String d = g.op("Sub", v, visibleBias);
            visibleTerm = g.op("Mul", g.op("ReduceSum", List.of(g.op("Mul", d, d), g.longs("axes", 1)), Map.of("keepdims", 0)),
                    g.floats("half", new float[] {0.5f}, 1));
        }
        String free = g.op("Sub", visibleTerm, hidden);
        return new OnnxOut(g.op("Reshape", recon, g.longs("shape", inputDims)), null, free);
    }

    @Override
    public Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("visible", config.visible());
        h.put("hidden", Integer.toString(config.hidden()));
        h.put("cd_k", Integer.toString(config.k()));
        h.put("persistent", Boolean.toString(config.persistent()));
        h.put("rbm_score", config.score());
        return h;
    }

    @Override
    public void close() {
        manager.close();
    }
}
