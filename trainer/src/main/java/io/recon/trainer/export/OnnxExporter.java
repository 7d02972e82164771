package io.recon.trainer.export;

import ai.onnx.proto.OnnxMl;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.trainer.model.OnnxNetwork;
import io.recon.trainer.train.LatentDensity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained model as one self-contained ONNX graph: raw features in; normalization, the
 * network, de-normalization and the error computation inside; the contract in the metadata.
 *
 * <pre>
 * input [N, dims]            raw values
 * reconstruction [N, dims]   raw units
 * feature_error [N, F]       squared error per feature in normalized units (windows: mean over the window;
 *                            images: one entry per pixel)
 * score [N]                  mean squared error over the whole normalized input
 * latent_distance [N]        with a latent density: squared Mahalanobis distance of the code
 * recon_latent_score [N]     with a latent density: score / its median + latent_distance / its median
 * </pre>
 */
public final class OnnxExporter {
    public static final String INPUT = "input";
    public static final String RECONSTRUCTION = "reconstruction";
    public static final String FEATURE_ERROR = "feature_error";
    public static final String SCORE = "score";
    public static final String NEG_ELBO = "neg_elbo";
    public static final List<String> OUTPUTS = List.of(RECONSTRUCTION, FEATURE_ERROR, SCORE);
    public static final String FREE_ENERGY = "free_energy";
    public static final List<String> RBM_OUTPUTS = List.of(RECONSTRUCTION, FEATURE_ERROR, SCORE, FREE_ENERGY);
    public static final List<String> VAE_OUTPUTS = List.of(RECONSTRUCTION, FEATURE_ERROR, SCORE, NEG_ELBO);
    public static final String LATENT_DISTANCE = "latent_distance";
    public static final String RECON_LATENT_SCORE = "recon_latent_score";

    private OnnxExporter() {}

    public static OnnxMl.ModelProto build(OnnxNetwork block, ModelContract contract) {
        return build(block, contract, null);
    }

    /** @param density the latent density that adds {@code latent_distance} and {@code recon_latent_score}; or null */
    public static OnnxMl.ModelProto build(OnnxNetwork block, ModelContract contract, LatentDensity density) {
        InputShape shape = contract.inputShape();
        OnnxGraph g = new OnnxGraph("recon_" + contract.kind().id().replace('-', '_'));
        long[] dims = shape.withBatch(-1);
        g.input(INPUT, dims);

        float[] center = contract.preprocessing().centerArray();
        float[] scale = contract.preprocessing().scaleArray();
        String c = g.floats("center", center, center.length);
        String s = g.floats("scale", scale, scale.length);
        String normalized = g.op("Div", g.op("Sub", INPUT, c), s);

        OnnxNetwork.OnnxOut net = block.toOnnx(g, normalized);
        String reconNorm = net.reconstruction();

        g.opNamed("Add", List.of(g.op("Mul", reconNorm, s), c), RECONSTRUCTION, Map.of());
        String diff = g.op("Sub", normalized, reconNorm);
        String squared = g.op("Mul", diff, diff);

        int rank = shape.dims().size();
        long[] allAxes = new long[rank];
        for (int i = 0; i < rank; i++) {
            allAxes[i] = i + 1;
        }
        g.opNamed("ReduceMean", List.of(squared), SCORE, Map.of("axes", allAxes, "keepdims", 0));
        switch (shape.layout()) {
            case FEATURES -> g.opNamed("Identity", List.of(squared), FEATURE_ERROR, Map.of());
            case WINDOW -> g.opNamed("ReduceMean", List.of(squared), FEATURE_ERROR,
                    Map.of("axes", new long[] {1}, "keepdims", 0));
            case IMAGE -> g.opNamed("Reshape", List.of(squared, g.longs("flat", -1, shape.size())), FEATURE_ERROR, Map.of());
        }
        g.output(RECONSTRUCTION, dims);
        g.output(FEATURE_ERROR, -1, shape.featuresPerRecord());
        g.output(SCORE, -1);
        if (net.kl() != null) {
            // negative ELBO of a unit-variance Gaussian decoder (up to a constant): 0.5 * sum of squared errors + KL
            String halfSum = g.op("Mul", SCORE, g.floats("half_d", new float[] {0.5f * shape.size()}, 1));
            g.opNamed("Add", List.of(halfSum, net.kl()), NEG_ELBO, Map.of());
            g.output(NEG_ELBO, -1);
        }
        if (density != null) {
            if (net.code() == null) {
                throw new IllegalArgumentException("a latent density needs a network with a dense code");
            }
            density.toOnnx(g, net.code(), SCORE, LATENT_DISTANCE, RECON_LATENT_SCORE);
            g.output(LATENT_DISTANCE, -1);
            g.output(RECON_LATENT_SCORE, -1);
        }
        if (net.freeEnergy() != null) {
            g.opNamed("Identity", List.of(net.freeEnergy()), FREE_ENERGY, Map.of());
            g.output(FREE_ENERGY, -1);
        }
        return g.toModel("Recon " + contract.kind().id() + " " + contract.modelName() + " " + contract.modelVersion(),
                Map.of(ModelContract.METADATA_KEY, contract.toJson()));
    }

    public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            model.writeTo(out);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
