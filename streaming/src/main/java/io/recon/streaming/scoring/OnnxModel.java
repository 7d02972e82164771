package io.recon.streaming.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.recon.schemas.SchemaException;
import io.recon.schemas.contract.ModelContract;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Recon model loaded into ONNX Runtime together with the contract from its metadata. Scores batches
 * of raw inputs. One instance is shared by every scoring thread of a service: {@link #score} may be called
 * concurrently (ONNX Runtime's {@code OrtSession.run} is thread-safe, and each call brings its own buffers).
 * In the service it is closed by its last {@link ModelVersion} reference, never while a batch uses it.
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private static final String FEATURE_ERROR = "feature_error";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelContract contract;
    private final String provider;

    private OnnxModel(OrtEnvironment env, OrtSession session, ModelContract contract, String provider) {
        this.env = env;
        this.session = session;
        this.contract = contract;
        this.provider = provider;
    }

    /** Loads {@code model.onnx} from a model directory (or the file itself). */
    public static OnnxModel load(Path path, ScorerOptions options) throws ModelLoadException {
        Path file = Files.isDirectory(path) ? path.resolve("model.onnx") : path;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot read the model (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        return load(bytes, file.toString(), options);
    }

    public static OnnxModel load(byte[] bytes, String origin, ScorerOptions options) throws ModelLoadException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        String provider = "CPU";
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.useCuda()) {
                try {
                    so.addCUDA(options.cudaDevice());
                    provider = "CUDA";
                } catch (OrtException | RuntimeException e) {
                    LOG.info("CUDA execution provider not available ({}); scoring on CPU", e.getMessage());
                }
            }
            session = env.createSession(bytes, so);
            ModelContract contract = contractOf(session, origin);
            checkSignature(session, contract, origin);
            return new OnnxModel(env, session, contract, provider);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException(origin + ": not a loadable ONNX model (" + firstLine(e.getMessage()) + ")", e);
        } catch (ModelLoadException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static ModelContract contractOf(OrtSession session, String origin) throws OrtException, ModelLoadException {
        Map<String, String> meta = session.getMetadata().getCustomMetadata();
        String json = meta.get(ModelContract.METADATA_KEY);
        if (json == null) {
            throw new ModelLoadException(origin + ": no Recon contract in the ONNX metadata (key "
                    + ModelContract.METADATA_KEY + "); export models with `recon train`");
        }
        try {
            return ModelContract.fromJson(json);
        } catch (SchemaException e) {
            throw new ModelLoadException(origin + ": contract in the ONNX metadata is invalid: " + e.getMessage(), e);
        }
    }

    private static void checkSignature(OrtSession session, ModelContract c, String origin)
            throws OrtException, ModelLoadException {
        NodeInfo input = session.getInputInfo().get(c.inputName());
        if (input == null || session.getNumInputs() != 1) {
            throw new ModelLoadException(origin + ": the graph's inputs " + session.getInputNames()
                    + " do not match the contract's input '" + c.inputName() + "'");
        }
        long[] shape = ((TensorInfo) input.getInfo()).getShape();
        long[] expected = c.inputShape().withBatch(-1);
        if (shape.length != expected.length) {
            throw new ModelLoadException(origin + ": graph input has rank " + shape.length + ", contract says "
                    + expected.length);
        }
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] != expected[i]) {
                throw new ModelLoadException(origin + ": graph input shape " + java.util.Arrays.toString(shape)
                        + " does not match the contract's " + c.inputShape().dims());
            }
        }
        for (String out : c.outputs()) {
            if (!session.getOutputNames().contains(out)) {
                throw new ModelLoadException(origin + ": contract names output '" + out + "' missing from the graph "
                        + session.getOutputNames());
            }
        }
    }

    public ModelContract contract() {
        return contract;
    }

    /** "CPU" or "CUDA". */
    public String provider() {
        return provider;
    }

    /**
     * Scores {@code n} raw inputs laid out contiguously in {@code input} (position 0, n * input size floats).
     * Writes the scores into {@code scores[0..n)} and the per-feature errors into
     * {@code featureErrors[0 .. n * featuresPerRecord)}; either may be null when not wanted.
     */
    public void score(FloatBuffer input, int n, float[] scores, float[] featureErrors) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, contract.inputShape().withBatch(n));
                OrtSession.Result result = session.run(Map.of(contract.inputName(), tensor))) {
            if (scores != null) {
                ((OnnxTensor) result.get(contract.score().output()).orElseThrow()).getFloatBuffer().get(scores, 0, n);
            }
            if (featureErrors != null) {
                int k = contract.inputShape().featuresPerRecord();
                ((OnnxTensor) result.get(FEATURE_ERROR).orElseThrow()).getFloatBuffer().get(featureErrors, 0, n * k);
            }
        }
    }

    /**
     * A batch of {@code n} records run over the caller's direct buffers: the input tensor and the two outputs ONNX
     * Runtime writes the score and the per-feature errors into (pinned outputs) are made once here, so a
     * {@link Pinned#run} allocates no tensors, copies or maps, and hands back none of the graph's other outputs.
     * The buffers must hold {@code n} inputs, scores and rows of errors.
     */
    Pinned pin(FloatBuffer input, FloatBuffer score, FloatBuffer featureError, int n) throws OrtException {
        return new Pinned(input, score, featureError, n);
    }

    /** The tensors and maps of {@link #pin}; closing frees the tensors (not the model). One thread at a time. */
    final class Pinned implements AutoCloseable {
        private final OnnxTensor input;
        private final OnnxTensor score;
        private final OnnxTensor featureError;
        private final Map<String, OnnxTensor> feeds;
        private final Map<String, OnnxTensor> outputs;

        private Pinned(FloatBuffer in, FloatBuffer scoreOut, FloatBuffer errorOut, int n) throws OrtException {
            input = OnnxTensor.createTensor(env, in, contract.inputShape().withBatch(n));
            score = OnnxTensor.createTensor(env, scoreOut, new long[] {n});
            featureError = OnnxTensor.createTensor(env, errorOut, new long[] {n, contract.inputShape().featuresPerRecord()});
            feeds = Map.of(contract.inputName(), input);
            outputs = Map.of(contract.score().output(), score, FEATURE_ERROR, featureError);
        }

        /** Scores the buffers' batch: the results are in the caller's output buffers afterwards. */
        void run() throws OrtException {
            try (OrtSession.Result ignored = session.run(feeds, java.util.Set.of(), outputs)) {
                // the outputs are in the caller's buffers; the result holds nothing of its own
            }
        }

        @Override
        public void close() {
            input.close();
            score.close();
            featureError.close();
        }
    }

    /** Convenience for tools and tests: every output for a small batch of raw inputs, each flattened. */
    public Outputs scoreAll(float[][] inputs) throws OrtException {
        int d = contract.inputShape().size();
        FloatBuffer buf = FloatBuffer.allocate(inputs.length * d);
        for (float[] row : inputs) {
            buf.put(row);
        }
        buf.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buf, contract.inputShape().withBatch(inputs.length));
                OrtSession.Result result = session.run(Map.of(contract.inputName(), tensor))) {
            java.util.Map<String, float[]> all = new java.util.LinkedHashMap<>();
            for (String name : contract.outputs()) {
                all.put(name, flat(result, name));
            }
            return new Outputs(all.get("reconstruction"), all.get("feature_error"), all.get(contract.score().output()), all);
        }
    }

    private static float[] flat(OrtSession.Result result, String name) {
        FloatBuffer fb = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    /**
     * Flattened outputs: reconstruction [n * size], featureError [n * features], score [n] (the
     * contract's score), and every output of the contract by name (alternative scores among them).
     */
    public record Outputs(float[] reconstruction, float[] featureError, float[] score, java.util.Map<String, float[]> all) {}

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // nothing more to free
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
