package io.recon.trainer;

import io.recon.schemas.Json;
import io.recon.schemas.contract.FeatureErrorStats;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.ModelKind;
import io.recon.schemas.contract.Preprocessing;
import io.recon.schemas.contract.ScoreDefinition;
import io.recon.schemas.contract.Threshold;
import io.recon.schemas.contract.TrainingSummary;
import io.recon.trainer.data.DataException;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.Timestamps;
import io.recon.trainer.data.Windows;
import io.recon.trainer.export.OnnxExporter;
import io.recon.trainer.export.OnnxGraph;
import io.recon.trainer.model.ConvAutoencoder;
import io.recon.trainer.model.DenseAutoencoder;
import io.recon.trainer.model.OnnxNetwork;
import io.recon.trainer.model.ReconstructionBlock;
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.LatentDensity;
import io.recon.trainer.train.Normalizer;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.RbmTraining;
import io.recon.trainer.train.TrainHistory;
import io.recon.trainer.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Reads data, trains, calibrates the threshold and writes {@code model.onnx} and {@code contract.json}. */
public final class TrainJob {
    public static final String MODEL_FILE = "model.onnx";
    public static final String HISTORY_FILE = "training-history.json";
    private static final int MIN_SAMPLES = 10;

    private TrainJob() {}

    /** Looks at the trained model while its DJL session is still open (tests compare DJL with ONNX Runtime). */
    @FunctionalInterface
    public interface SessionProbe {
        /**
         * @param trained the {@link TrainingSession} (autoencoders) or {@link RbmTraining} (RBMs)
         * @param density the latent density of the score, or null
         */
        void inspect(Object trained, Normalizer normalizer, ModelContract contract, Path modelFile, LatentDensity density)
                throws Exception;
    }

    public static TrainResult run(TrainRequest request, ProgressListener progress) throws IOException {
        return run(request, progress, null);
    }

    public static TrainResult run(TrainRequest request, ProgressListener progress, SessionProbe probe) throws IOException {
        NativeSettings.applyDefaults();
        long start = System.nanoTime();
        FeatureTable table = request.table() != null ? request.table() : DataLoader.load(request.data(), request.read());
        FeatureTable.MissingValues missing = table.missing();
        if (missing.any()) {
            progress.onMessage(String.format("%s: %,d rows with a missing value left out, %,d with a value carried (missing "
                    + "values: %s)", table.source(), missing.skippedRows(), missing.carriedRows(), missing.policy().id()));
        }
        boolean[] normal = normalMask(table, request);
        Samples samples = samples(table, normal, request);
        progress.onMessage(String.format("%s: %d rows, %d features, %d %s for training", table.source(), table.size(),
                table.width(), samples.all.length, request.window() > 0 ? "windows" : "rows"));

        int nVal = Math.max(1, (int) Math.round(samples.all.length * request.training().validationFraction()));
        int[] order = splitOrder(samples.all.length, request.window() > 0, request.training().seed());
        float[][] trainRaw = pick(samples.all, order, 0, samples.all.length - nVal);
        float[][] valRaw = pick(samples.all, order, samples.all.length - nVal, samples.all.length);

        boolean image = samples.shape.layout() == InputShape.Layout.IMAGE;
        boolean bernoulli = request.kind() == ModelKind.RBM && request.rbm().visible().equals("bernoulli");
        String method = request.normalization() != null ? request.normalization()
                : image ? "global" : bernoulli ? "minmax" : "standard";
        Preprocessing pre = Normalizer.fit(method, trainRaw, method.equals("global") ? 1 : table.width());
        Normalizer normalizer = new Normalizer(pre);
        float[][] train = normalizer.applyAll(trainRaw);
        float[][] val = normalizer.applyAll(valRaw);

        Prepared p = new Prepared(table, samples, pre, normalizer, train, val, trainRaw.length, valRaw.length);
        TrainResult result = request.kind() == ModelKind.RBM ? fitRbm(request, p, progress, probe)
                : fitAutoencoder(request, p, progress, probe);
        return new TrainResult(result.contract(), result.modelFile(), result.contractFile(), result.history(),
                result.validationScores(), result.device(), (System.nanoTime() - start) / 1e9);
    }

    /** The data, ready to fit. */
    private record Prepared(FeatureTable table, Samples samples, Preprocessing pre, Normalizer normalizer, float[][] train,
            float[][] val, int trainRows, int valRows) {}

    private static TrainResult fitAutoencoder(TrainRequest request, Prepared p, ProgressListener progress, SessionProbe probe)
            throws IOException {
        boolean conv = request.kind() == ModelKind.CONV_AE || request.kind() == ModelKind.CONV_VAE;
        boolean variational = request.kind() == ModelKind.VAE || request.kind() == ModelKind.CONV_VAE;
        InputShape shape = p.samples().shape;
        ReconstructionBlock block = conv ? new ConvAutoencoder(request.conv(), shape, variational)
                : new DenseAutoencoder(request.dense(), shape, variational);
        double noise = conv ? request.conv().noiseStd() : request.dense().noiseStd();
        double l1 = request.kind() == ModelKind.DENSE_AE ? request.dense().l1() : 0;
        try (TrainingSession session = new TrainingSession(block, shape, request.training().seed())) {
            progress.onMessage("training " + request.kind() + " on " + session.device() + " (" + p.train().length
                    + " train / " + p.val().length + " validation)");
            TrainHistory history = session.fit(p.train(), p.val(), request.training(), noise, l1, request.beta(), progress);
            TrainingSession.Scores scored = session.score(p.val(), 512);
            Map<String, String> extra = variational ? Map.of("beta", Double.toString(request.beta())) : Map.of();
            String mse = "Mean squared reconstruction error over the normalized input" + (request.window() > 0 ? " window" : "")
                    + (variational ? ", decoding the latent mean" : "");
            List<String> outputs = new ArrayList<>(variational ? OnnxExporter.VAE_OUTPUTS : OnnxExporter.OUTPUTS);
            LatentDensity density = null;
            float[] valScores = scored.scores();
            ScoreDefinition score;
            if (conv && request.conv().latentDensity() && request.conv().latent() > 0) {
                progress.onMessage("fitting the latent density on the codes of the training rows");
                density = LatentDensity.fit(session.score(p.train(), 512).codes(), scored.codes(), scored.scores());
                valScores = density.score(scored.scores(), scored.codes());
                outputs.addAll(List.of(OnnxExporter.LATENT_DISTANCE, OnnxExporter.RECON_LATENT_SCORE));
                List<String> alternatives = new ArrayList<>(List.of(OnnxExporter.SCORE, OnnxExporter.LATENT_DISTANCE));
                if (variational) {
                    alternatives.add(OnnxExporter.NEG_ELBO);
                }
                score = new ScoreDefinition("reconstruction_and_latent_distance", OnnxExporter.RECON_LATENT_SCORE,
                        mse + " over its held-out median, plus the squared Mahalanobis distance of the code from the"
                                + " training codes over its held-out median", alternatives);
            } else {
                score = new ScoreDefinition("reconstruction_mse", OnnxExporter.SCORE, mse,
                        variational ? List.of(OnnxExporter.NEG_ELBO) : List.of());
            }
            return finish(request, p, block, extra, history, valScores, scored.reconstructions(), score, outputs,
                    session.device().toString(), session, probe, density);
        }
    }

    private static TrainResult fitRbm(TrainRequest request, Prepared p, ProgressListener progress, SessionProbe probe)
            throws IOException {
        try (RbmTraining rbm = new RbmTraining(request.rbm(), p.samples().shape, request.training().seed())) {
            progress.onMessage("training rbm (" + request.rbm().visible() + " visible units, CD-" + request.rbm().k()
                    + (request.rbm().persistent() ? " persistent" : "") + ") on " + rbm.device() + " (" + p.train().length
                    + " train / " + p.val().length + " validation)");
            TrainHistory history = rbm.fit(p.train(), p.val(), request.training(), progress);
            RbmTraining.RbmScores scored = rbm.score(p.val(), 512);
            boolean free = request.rbm().score().equals("free-energy");
            ScoreDefinition score = free
                    ? new ScoreDefinition("free_energy", OnnxExporter.FREE_ENERGY, "Free energy of the input under the RBM",
                            List.of(OnnxExporter.SCORE))
                    : new ScoreDefinition("reconstruction_mse", OnnxExporter.SCORE,
                            "Mean squared error of the mean-field reconstruction", List.of(OnnxExporter.FREE_ENERGY));
            return finish(request, p, rbm.rbm(), Map.of(), history, scored.primary(request.rbm()), scored.reconstructions(),
                    score, OnnxExporter.RBM_OUTPUTS, rbm.device(), rbm, probe, null);
        }
    }

    private static TrainResult finish(TrainRequest request, Prepared p, OnnxNetwork net, Map<String, String> extra,
            TrainHistory history, float[] valScores, float[][] reconstructions, ScoreDefinition score, List<String> outputs,
            String device, Object trained, SessionProbe probe, LatentDensity density) throws IOException {
        Threshold threshold = ThresholdCalibrator.floored(ThresholdCalibrator.calibrate(valScores, request.threshold()),
                !score.name().equals("free_energy"));
        FeatureErrorStats stats = ContractFactory.errorStats(p.samples().shape, p.val(), reconstructions);
        ModelContract contract = ContractFactory.build(request, p.table(), p.samples().shape, p.samples().times,
                ContentHash.of(p.samples().all), p.pre(), threshold, withExtra(net, extra), score, outputs, p.trainRows(),
                p.valRows(), stats, valScores);
        Files.createDirectories(request.out());
        Path modelFile = request.out().resolve(MODEL_FILE);
        Path contractFile = request.out().resolve(ModelContract.FILE_NAME);
        OnnxExporter.write(OnnxExporter.build(net, contract, density), modelFile);
        contract.write(contractFile);
        writeHistory(request.out().resolve(HISTORY_FILE), history);
        if (probe != null) {
            try {
                probe.inspect(trained, p.normalizer(), contract, modelFile, density);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new TrainResult(contract, modelFile, contractFile, history, valScores, device, 0);
    }

    private static OnnxNetwork withExtra(OnnxNetwork net, Map<String, String> extra) {
        if (extra.isEmpty()) {
            return net;
        }
        return new OnnxNetwork() {
            @Override
            public OnnxOut toOnnx(OnnxGraph graph, String input) {
                return net.toOnnx(graph, input);
            }

            @Override
            public Map<String, String> hyperparameters() {
                Map<String, String> h = new LinkedHashMap<>(net.hyperparameters());
                h.putAll(extra);
                return h;
            }
        };
    }

    private static boolean[] normalMask(FeatureTable table, TrainRequest request) {
        boolean[] normal = new boolean[table.size()];
        Arrays.fill(normal, true);
        if (request.normalLabel() == null) {
            return normal;
        }
        if (table.labels() == null) {
            throw new DataException(request.data() + ": --normal-label needs labels; name the label column with --label-column");
        }
        int count = 0;
        for (int i = 0; i < normal.length; i++) {
            normal[i] = table.isLabel(i, request.normalLabel());
            count += normal[i] ? 1 : 0;
        }
        if (count == 0) {
            Set<String> seen = new TreeSet<>(List.of(table.labels()).subList(0, Math.min(10000, table.size())));
            throw new DataException(request.data() + ": no rows with label '" + request.normalLabel() + "'; labels seen: "
                    + String.join(", ", seen.stream().limit(20).toList()));
        }
        return normal;
    }

    /** The training inputs (rows or windows) and the model input shape. */
    private record Samples(float[][] all, InputShape shape, long[] times) {}

    private static Samples samples(FeatureTable table, boolean[] normal, TrainRequest request) {
        float[][] all;
        InputShape shape;
        List<Long> times = new ArrayList<>();
        if (request.window() > 0) {
            if (table.recordShape().layout() != InputShape.Layout.FEATURES) {
                throw new DataException(request.data() + ": --window applies to time series (CSV, JSON lines), not images");
            }
            int[][] ends = new int[1][];
            all = Windows.slide(table.rows(), request.window(), normal, ends);
            shape = InputShape.window(request.window(), table.width());
            if (table.timestamps() != null) {
                for (int end : ends[0]) {
                    times.add(table.timestamps()[end]);
                }
            }
        } else {
            List<float[]> rows = new ArrayList<>();
            for (int i = 0; i < table.size(); i++) {
                if (normal[i]) {
                    rows.add(table.rows()[i]);
                    if (table.timestamps() != null) {
                        times.add(table.timestamps()[i]);
                    }
                }
            }
            all = rows.toArray(new float[0][]);
            shape = table.recordShape();
        }
        if (all.length < MIN_SAMPLES) {
            throw new DataException(request.data() + ": only " + all.length + " usable "
                    + (request.window() > 0 ? "windows of " + request.window() + " normal rows" : "normal rows")
                    + "; at least " + MIN_SAMPLES + " are needed to train and calibrate");
        }
        return new Samples(all, shape, times.isEmpty() ? null : times.stream().mapToLong(Long::longValue).toArray());
    }

    /** Random split for independent records; chronological (last part held out) for overlapping windows. */
    private static int[] splitOrder(int n, boolean chronological, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (!chronological) {
            Random random = new Random(seed ^ 0x5DEECE66DL);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private static float[][] pick(float[][] rows, int[] order, int from, int to) {
        float[][] out = new float[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = rows[order[i]];
        }
        return out;
    }

    private static void writeHistory(Path file, TrainHistory history) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("train_loss", history.trainLoss());
        json.put("validation_loss", history.validationLoss());
        json.put("best_epoch", history.bestEpoch());
        json.put("stopped_early", history.stoppedEarly());
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }
}
