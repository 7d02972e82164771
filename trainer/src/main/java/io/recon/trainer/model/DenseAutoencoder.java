package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.recon.schemas.contract.InputShape;
import io.recon.trainer.export.OnnxGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Dense autoencoder on the flattened input, optionally with tied (transposed encoder) decoder weights. */
public final class DenseAutoencoder extends AbstractBlock implements ReconstructionBlock {
    private final DenseAeConfig config;
    private final InputShape inputShape;
    private final int[] sizes;
    private final List<Parameter> encW = new ArrayList<>();
    private final List<Parameter> encB = new ArrayList<>();
    private final List<Parameter> decW = new ArrayList<>();
    private final List<Parameter> decB = new ArrayList<>();

    private final boolean variational;

    public DenseAutoencoder(DenseAeConfig config, InputShape inputShape) {
        this(config, inputShape, false);
    }

    /**
     * @param variational a VAE: the last encoder layer gives the mean and log-variance of the code
     */
    public DenseAutoencoder(DenseAeConfig config, InputShape inputShape, boolean variational) {
        if (variational && config.tiedWeights()) {
            throw new IllegalArgumentException("--tied-weights is not available for vae");
        }
        this.config = config;
        this.inputShape = inputShape;
        this.variational = variational;
        List<Integer> hidden = config.layersFor(inputShape.size());
        sizes = new int[hidden.size() + 1];
        sizes[0] = inputShape.size();
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        for (int i = 0; i + 1 < sizes.length; i++) {
            int out = variational && i + 2 == sizes.length ? 2 * sizes[i + 1] : sizes[i + 1];
            encW.add(addParameter(weight("enc" + i + "_weight", out, sizes[i])));
            encB.add(addParameter(bias("enc" + i + "_bias", out)));
        }
        // decoder layer j maps sizes[j+1] -> sizes[j], applied from the deepest j down to 0
        for (int j = sizes.length - 2; j >= 0; j--) {
            decW.add(config.tiedWeights() ? null : addParameter(weight("dec" + j + "_weight", sizes[j], sizes[j + 1])));
            decB.add(addParameter(bias("dec" + j + "_bias", sizes[j])));
        }
    }

    static Parameter weight(String name, long... shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(shape)).build();
    }

    static Parameter bias(String name, long size) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(size)).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape original = x.getShape();
        NDArray h = x.reshape(original.get(0), sizes[0]);
        NDArray mu = null;
        NDArray logvar = null;
        for (int i = 0; i < encW.size(); i++) {
            h = Linear.linear(h, value(ps, encW.get(i), x, training), value(ps, encB.get(i), x, training)).singletonOrThrow();
            if (variational && i == encW.size() - 1) {
                int k = sizes[sizes.length - 1];
                mu = h.get(new ai.djl.ndarray.index.NDIndex(":, 0:" + k));
                logvar = h.get(new ai.djl.ndarray.index.NDIndex(":, " + k + ":"));
                h = training ? mu.add(BatchOwned.times(logvar, 0.5f).exp().mul(h.getManager().randomNormal(0f, 1f, mu.getShape(), ai.djl.ndarray.types.DataType.FLOAT32))) : mu;
            } else {
                h = config.activation().apply(h);
            }
        }
        NDArray code = h;
        int layers = decB.size();
        for (int k = 0; k < layers; k++) {
            int encoderIndex = layers - 1 - k;
            NDArray w = config.tiedWeights() ? BatchOwned.view(value(ps, encW.get(encoderIndex), x, training).transpose(), x)
                    : value(ps, decW.get(k), x, training);
            h = Linear.linear(h, w, value(ps, decB.get(k), x, training)).singletonOrThrow();
            if (k < layers - 1) {
                h = config.activation().apply(h);
            }
        }
        return variational ? new NDList(h.reshape(original), mu, logvar) : new NDList(h.reshape(original), code);
    }

    @Override
    public boolean variational() {
        return variational;
    }

    private static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape code = new Shape(inputShapes[0].get(0), sizes[sizes.length - 1]);
        return variational ? new Shape[] {inputShapes[0], code, code} : new Shape[] {inputShapes[0], code};
    }

    @Override
    public OnnxNetwork.OnnxOut toOnnx(OnnxGraph g, String input) {
        String h = g.op("Reshape", input, g.longs("flat_shape", -1, sizes[0]));
        String kl = null;
        for (int i = 0; i < encW.size(); i++) {
            h = g.op("Gemm", List.of(h, constant(g, encW.get(i)), constant(g, encB.get(i))), Map.of("transB", 1));
            if (variational && i == encW.size() - 1) {
                String[] muKl = OnnxLayers.gaussianLatent(g, h, sizes[sizes.length - 1]);
                h = muKl[0];
                kl = muKl[1];
            } else {
                h = OnnxLayers.activation(g, config.activation(), h);
            }
        }
        int layers = decB.size();
        for (int k = 0; k < layers; k++) {
            int encoderIndex = layers - 1 - k;
            String w = constant(g, config.tiedWeights() ? encW.get(encoderIndex) : decW.get(k));
            // tied: x . W_enc (transB=0) equals x . (W_enc^T)^T
            h = g.op("Gemm", List.of(h, w, constant(g, decB.get(k))), Map.of("transB", config.tiedWeights() ? 0 : 1));
            if (k < layers - 1) {
                h = OnnxLayers.activation(g, config.activation(), h);
            }
        }
        return new OnnxNetwork.OnnxOut(g.op("Reshape", h, g.longs("shape", inputShape.withBatch(-1))), kl);
    }

    static String constant(OnnxGraph g, Parameter p) {
        NDArray a = p.getArray();
        return g.floats(p.getName(), a.toFloatArray(), a.getShape().getShape());
    }

    @Override
    public Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("hidden", java.util.Arrays.stream(sizes, 1, sizes.length).mapToObj(String::valueOf)
                .collect(Collectors.joining(",")));
        h.put("activation", config.activation().id());
        h.put("noise", Double.toString(config.noiseStd()));
        h.put("l1", Double.toString(config.l1()));
        h.put("tied_weights", Boolean.toString(config.tiedWeights()));
        h.put("variational", Boolean.toString(variational));
        return h;
    }
}
