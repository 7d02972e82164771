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

    public DenseAutoencoder(DenseAeConfig config, InputShape inputShape) {
        this.config = config;
        this.inputShape = inputShape;
        List<Integer> hidden = config.layersFor(inputShape.size());
        sizes = new int[hidden.size() + 1];
        sizes[0] = inputShape.size();
        for (int i = 0; i < hidden.size(); i++) {
            sizes[i + 1] = hidden.get(i);
        }
        for (int i = 0; i + 1 < sizes.length; i++) {
            encW.add(addParameter(weight("enc" + i + "_weight", sizes[i + 1], sizes[i])));
            encB.add(addParameter(bias("enc" + i + "_bias", sizes[i + 1])));
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
        for (int i = 0; i < encW.size(); i++) {
            h = config.activation().apply(Linear.linear(h, value(ps, encW.get(i), x, training),
                    value(ps, encB.get(i), x, training)).singletonOrThrow());
        }
        NDArray code = h;
        int layers = decB.size();
        for (int k = 0; k < layers; k++) {
            int encoderIndex = layers - 1 - k;
            NDArray w = config.tiedWeights() ? value(ps, encW.get(encoderIndex), x, training).transpose()
                    : value(ps, decW.get(k), x, training);
            h = Linear.linear(h, w, value(ps, decB.get(k), x, training)).singletonOrThrow();
            if (k < layers - 1) {
                h = config.activation().apply(h);
            }
        }
        return new NDList(h.reshape(original), code);
    }

    private static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], new Shape(inputShapes[0].get(0), sizes[sizes.length - 1])};
    }

    @Override
    public String toOnnx(OnnxGraph g, String input) {
        String h = g.op("Reshape", input, g.longs("flat_shape", -1, sizes[0]));
        for (int i = 0; i < encW.size(); i++) {
            h = g.op("Gemm", List.of(h, constant(g, encW.get(i)), constant(g, encB.get(i))), Map.of("transB", 1));
            h = OnnxLayers.activation(g, config.activation(), h);
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
        return g.op("Reshape", h, g.longs("shape", inputShape.withBatch(-1)));
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
        return h;
    }
}
