package io.recon.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
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

/**
 * Convolutional autoencoder: 3x3 stride-2 convolutions halve the image, an optional dense
 * bottleneck, 3x3 stride-2 transposed convolutions double it back, and a crop restores odd sizes.
 * Images are [C,H,W]; windows [W,F] are read as one-channel W x F images. Training computes the
 * convolutions with {@link Conv3x3} (patches and a matrix product), export writes ONNX Conv and
 * ConvTranspose.
 */
public final class ConvAutoencoder extends AbstractBlock implements ReconstructionBlock {
    private final ConvAeConfig config;
    private final InputShape inputShape;
    private final long channels;
    private final long height;
    private final long width;
    private final long[] ch;
    private final long[] hs;
    private final long[] ws;
    private final List<Parameter> encW = new ArrayList<>();
    private final List<Parameter> encB = new ArrayList<>();
    private final List<Parameter> decW = new ArrayList<>();
    private final List<Parameter> decB = new ArrayList<>();
    private Parameter downW;
    private Parameter downB;
    private Parameter upW;
    private Parameter upB;

    private final boolean variational;

    public ConvAutoencoder(ConvAeConfig config, InputShape inputShape) {
        this(config, inputShape, false);
    }

    /** @param variational a VAE: the dense bottleneck gives the mean and log-variance of the code */
    public ConvAutoencoder(ConvAeConfig config, InputShape inputShape, boolean variational) {
        if (variational && config.latent() < 1) {
            throw new IllegalArgumentException("conv-vae needs a dense bottleneck: --latent must be >= 1");
        }
        this.variational = variational;
        this.config = config;
        this.inputShape = inputShape;
        List<Integer> d = inputShape.dims();
        switch (inputShape.layout()) {
            case IMAGE -> {
                channels = d.get(0);
                height = d.get(1);
                width = d.get(2);
            }
            case WINDOW -> {
                channels = 1;
                height = d.get(0);
                width = d.get(1);
            }
            default -> throw new IllegalArgumentException(
                    "conv-ae needs image data (IDX) or a window (--window W); use dense-ae for single records");
        }
        int levels = config.channels().size();
        ch = new long[levels + 1];
        hs = new long[levels + 1];
        ws = new long[levels + 1];
        ch[0] = channels;
        hs[0] = height;
        ws[0] = width;
        for (int i = 1; i <= levels; i++) {
            ch[i] = config.channels().get(i - 1);
            hs[i] = (hs[i - 1] + 1) / 2;
            ws[i] = (ws[i - 1] + 1) / 2;
            encW.add(addParameter(DenseAutoencoder.weight("conv" + (i - 1) + "_weight", ch[i], ch[i - 1], 3, 3)));
            encB.add(addParameter(DenseAutoencoder.bias("conv" + (i - 1) + "_bias", ch[i])));
        }
        if (config.latent() > 0) {
            long flat = ch[levels] * hs[levels] * ws[levels];
            int down = variational ? 2 * config.latent() : config.latent();
            downW = addParameter(DenseAutoencoder.weight("down_weight", down, flat));
            downB = addParameter(DenseAutoencoder.bias("down_bias", down));
            upW = addParameter(DenseAutoencoder.weight("up_weight", flat, config.latent()));
            upB = addParameter(DenseAutoencoder.bias("up_bias", flat));
        }
        for (int i = levels; i >= 1; i--) {
            // transposed convolution weights in ONNX ConvTranspose layout [Cin, Cout, k, k]
            decW.add(addParameter(DenseAutoencoder.weight("deconv" + (i - 1) + "_weight", ch[i], ch[i - 1], 3, 3)));
            decB.add(addParameter(DenseAutoencoder.bias("deconv" + (i - 1) + "_bias", ch[i - 1])));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape original = x.getShape();
        long n = original.get(0);
        NDArray h = x.reshape(n, channels, height, width);
        for (int i = 0; i < encW.size(); i++) {
            h = Conv3x3.apply(h, v(ps, encW.get(i), x, training), v(ps, encB.get(i), x, training), 2);
            h = config.activation().apply(h);
        }
        NDArray code = h.reshape(n, -1);
        NDArray mu = null;
        NDArray logvar = null;
        if (downW != null) {
            int top = encW.size();
            code = Linear.linear(code, v(ps, downW, x, training), v(ps, downB, x, training)).singletonOrThrow();
            if (variational) {
                int k = config.latent();
                mu = code.get(new NDIndex(":, 0:" + k));
                logvar = code.get(new NDIndex(":, " + k + ":"));
                code = training ? mu.add(BatchOwned.times(logvar, 0.5f).exp().mul(code.getManager().randomNormal(0f, 1f, mu.getShape(),
                        ai.djl.ndarray.types.DataType.FLOAT32))) : mu;
            } else {
                code = config.activation().apply(code);
            }
            h = config.activation().apply(Linear.linear(code, v(ps, upW, x, training), v(ps, upB, x, training))
                    .singletonOrThrow()).reshape(n, ch[top], hs[top], ws[top]);
        }
        for (int k = 0; k < decW.size(); k++) {
            h = Conv3x3.transposed(h, v(ps, decW.get(k), x, training), v(ps, decB.get(k), x, training));
            if (k < decW.size() - 1) {
                h = config.activation().apply(h);
            }
        }
        if (h.getShape().get(2) != height || h.getShape().get(3) != width) {
            h = h.get(new NDIndex(":, :, 0:" + height + ", 0:" + width));
        }
        return variational ? new NDList(h.reshape(original), mu, logvar) : new NDList(h.reshape(original), code);
    }

    @Override
    public boolean variational() {
        return variational;
    }

    private static NDArray v(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int top = encW.size();
        long code = downW != null ? config.latent() : ch[top] * hs[top] * ws[top];
        Shape c = new Shape(inputShapes[0].get(0), code);
        return variational ? new Shape[] {inputShapes[0], c, c} : new Shape[] {inputShapes[0], c};
    }

    @Override
    public OnnxNetwork.OnnxOut toOnnx(OnnxGraph g, String input) {
        String kl = null;
        String code = null;
        String h = g.op("Reshape", input, g.longs("image_shape", -1, channels, height, width));
        Map<String, Object> conv = Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1});
        for (int i = 0; i < encW.size(); i++) {
            h = g.op("Conv", List.of(h, DenseAutoencoder.constant(g, encW.get(i)), DenseAutoencoder.constant(g, encB.get(i))), conv);
            h = OnnxLayers.activation(g, config.activation(), h);
        }
        if (downW != null) {
            int top = encW.size();
            h = g.op("Flatten", List.of(h), Map.of("axis", 1));
            h = g.op("Gemm", List.of(h, DenseAutoencoder.constant(g, downW), DenseAutoencoder.constant(g, downB)), Map.of("transB", 1));
            if (variational) {
                String[] muKl = OnnxLayers.gaussianLatent(g, h, config.latent());
                h = muKl[0];
                kl = muKl[1];
            } else {
                h = OnnxLayers.activation(g, config.activation(), h);
            }
            code = h;
            h = g.op("Gemm", List.of(h, DenseAutoencoder.constant(g, upW), DenseAutoencoder.constant(g, upB)), Map.of("transB", 1));
            h = OnnxLayers.activation(g, config.activation(), h);
            h = g.op("Reshape", h, g.longs("shape", -1, ch[top], hs[top], ws[top]));
        }
        Map<String, Object> deconv = Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}, "output_padding", new long[] {1, 1});
        for (int k = 0; k < decW.size(); k++) {
            h = g.op("ConvTranspose", List.of(h, DenseAutoencoder.constant(g, decW.get(k)),
                    DenseAutoencoder.constant(g, decB.get(k))), deconv);
            if (k < decW.size() - 1) {
                h = OnnxLayers.activation(g, config.activation(), h);
            }
        }
        long outH = hs[encW.size()] << encW.size();
        long outW = ws[encW.size()] << encW.size();
        if (outH != height || outW != width) {
            h = g.op("Slice", h, g.longs("starts", 0, 0), g.longs("ends", height, width), g.longs("axes", 2, 3));
        }
        return new OnnxNetwork.OnnxOut(g.op("Reshape", h, g.longs("shape", inputShape.withBatch(-1))), kl, null, code);
    }

    @Override
    public Map<String, String> hyperparameters() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("channels", config.channels().stream().map(String::valueOf).collect(Collectors.joining(",")));
        h.put("latent", Integer.toString(config.latent()));
        h.put("activation", config.activation().id());
        h.put("noise", Double.toString(config.noiseStd()));
        h.put("variational", Boolean.toString(variational));
        h.put("latent_density", Boolean.toString(config.latentDensity() && config.latent() > 0));
        return h;
    }
}
