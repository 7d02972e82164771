package io.recon.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.cli.PublishSupport;
import io.recon.cli.UserException;
import io.recon.schemas.Json;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.ModelKind;
import io.recon.streaming.config.InputOptions;
import io.recon.streaming.feedback.Feedback;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.metrics.DriftMonitor;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.trainer.TrainJob;
import io.recon.trainer.TrainRequest;
import io.recon.trainer.TrainResult;
import io.recon.trainer.data.ReadOptions;
import io.recon.trainer.model.Activation;
import io.recon.trainer.model.ConvAeConfig;
import io.recon.trainer.model.DenseAeConfig;
import io.recon.trainer.model.RbmConfig;
import io.recon.trainer.threshold.ThresholdCalibrator;
import io.recon.trainer.train.ProgressListener;
import io.recon.trainer.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One retraining run: the records of a time window of the input topic, minus those that were alerted or
 * flagged anomalous, train a candidate of the serving model's kind and input layout (single records or windows of a
 * key's consecutive records, {@link RetrainData}); candidate and serving model are
 * compared on the latest slice (false alarms at their thresholds, drift of the serving scores); the
 * candidate is published only when it passes.
 */
public final class RetrainJob {
    /** Settings. */
    public record Options(String bootstrap, Map<String, String> kafka, String inputTopic, String scoresTopic,
            String alertsTopic, String modelTopic, String modelName, Path serving, long sinceMillis, double holdout,
            double maxFar, double minDrift, int epochs, boolean dryRun, Path out, Map<String, String> inputSettings,
            String feedbackTopic) {}

    private RetrainJob() {}

    public static Map<String, Object> run(Options o, PrintStream out, ProgressListener progress) throws Exception {
        byte[] servingBytes = servingModel(o);
        try (OnnxModel serving = OnnxModel.load(servingBytes, "serving model", ScorerOptions.defaults())) {
            ModelContract sc = serving.contract();
            request(sc, Path.of("check"), Path.of("check"), o, null); // an unsupported kind fails before reading anything
            Set<String> flagged = flagged(o);
            int unusable = 0;
            List<ConsumerRecord<byte[], byte[]>> input = TopicWindow.read(o.bootstrap(), o.kafka(), o.inputTopic(), o.sinceMillis());
            // in event time (the records' own timestamps), ties broken by partition and offset: the same window
            // always gives the same training rows and the same latest slice, however the partitions were read
            List<RetrainData.Parsed> parsed = new ArrayList<>();
            // the serving model's way of reading its records (its contract's input), unless told otherwise
            InputOptions inputOptions;
            try {
                inputOptions = InputOptions.from(InputOptions.over(o.inputSettings(), sc.input()), o.inputTopic());
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            if (inputOptions.format().equals(InputFormats.RECON_JSON)) {
                for (ConsumerRecord<byte[], byte[]> r : input) {
                    RetrainData.Parsed p = RetrainData.parse(r, sc.features());
                    if (p == null) {
                        unusable++;
                    } else {
                        parsed.add(p);
                    }
                }
            } else {
                // shipper formats: the vectors the scorer assembled, keyed and timed as its scores and alerts are
                int[] bad = new int[1];
                parsed.addAll(RetrainData.assemble(input, sc.features(), inputOptions, bad));
                unusable = bad[0];
            }
            int[] verdicts = applyFeedback(o, parsed, flagged, sc.modelName());
            if (verdicts[0] + verdicts[1] > 0) {
                out.printf("feedback    %,d records of false alerts kept, %,d records of true ones left out (%s)%n",
                        verdicts[0], verdicts[1], o.feedbackTopic());
            }
            parsed.sort(Comparator.comparingLong(RetrainData.Parsed::timestamp)
                    .thenComparingInt(RetrainData.Parsed::partition).thenComparingLong(RetrainData.Parsed::offset));
            Path csv = Files.createTempFile("recon-retrain-", ".csv");
            try {
                return run(o, out, progress, serving, sc, RetrainData.prepare(parsed, flagged, sc, o.holdout(), csv), csv,
                        input.size(), unusable);
            } finally {
                Files.deleteIfExists(csv);
            }
        }
    }

    private static Map<String, Object> run(Options o, PrintStream out, ProgressListener progress, OnnxModel serving,
            ModelContract sc, RetrainData data, Path csv, int records, int unusable) throws Exception {
        int excluded = data.excluded;
        out.printf("window      %,d records from %s since %s: %,d used, %,d alerted or flagged left out, %,d unusable%n",
                records, o.inputTopic(), Instant.ofEpochMilli(o.sinceMillis()), data.used, excluded, unusable);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("records", records);
        json.put("used", data.used);
        json.put("excluded", excluded);
        json.put("unusable", unusable);
        if (data.used < 50) {
            return decide(json, out, "skipped", "only " + data.used + " usable records in the window (need 50)", null, o);
        }
        float[][] held = data.held;
        if (held.length == 0) {
            return decide(json, out, "skipped", "no held-out " + (data.window > 0 ? data.window + "-record windows of one key"
                    : "records") + " after the split to compare on", null, o);
        }
        float[] servingScores = serving.scoreAll(held).score();
        double servingFar = far(servingScores, sc.threshold().value());
        double drift = Double.NaN;
        if (sc.scoreReference() != null) {
            DriftMonitor d = new DriftMonitor(sc.scoreReference());
            d.record(servingScores, servingScores.length);
            drift = d.psi();
        }
        json.put("serving_version", sc.modelVersion());
        json.put("serving_far", round(servingFar));
        json.put("drift_psi", Double.isNaN(drift) ? null : round(drift));
        out.printf("serving     %s version %s: false alarms %.2f %% on the latest %,d %s, drift PSI %.3f%n",
                sc.modelName(), sc.modelVersion(), 100 * servingFar, held.length,
                data.window > 0 ? data.window + "-record windows" : "records", drift);
        if (o.minDrift() > 0 && !(drift >= o.minDrift()) && servingFar <= o.maxFar()) {
            return decide(json, out, "skipped", String.format("drift %.3f below --min-drift %.3f and false alarms within "
                    + "--max-far: the serving model is fine", drift, o.minDrift()), null, o);
        }
        Path dir = o.out() != null ? o.out() : Files.createTempDirectory("recon-retrain-model-");
        try {
            return candidate(o, out, progress, sc, data, csv, held, json, servingFar, drift, dir);
        } finally {
            if (o.out() == null) { // published (or not): the model is on the topic, the directory is no longer needed
                deleteTree(dir);
            }
        }
    }

    private static Map<String, Object> candidate(Options o, PrintStream out, ProgressListener progress, ModelContract sc,
            RetrainData data, Path csv, float[][] held, Map<String, Object> json, double servingFar, double drift, Path dir)
            throws Exception {
        TrainResult candidate = TrainJob.run(request(sc, csv, dir, o, data), progress);
        float[] candScores;
        try (OnnxModel m = OnnxModel.load(dir, ScorerOptions.defaults())) {
            candScores = m.scoreAll(held).score();
        }
        double candFar = far(candScores, candidate.contract().threshold().value());
        DriftMonitor cd = new DriftMonitor(candidate.contract().scoreReference());
        cd.record(candScores, candScores.length);
        double candDrift = cd.psi();
        json.put("candidate_version", candidate.contract().modelVersion());
        json.put("candidate_far", round(candFar));
        json.put("candidate_drift_psi", Double.isNaN(candDrift) ? null : round(candDrift));
        out.printf("candidate   %s version %s: false alarms %.2f %%, drift PSI %.3f on the same records%n", sc.modelName(),
                candidate.contract().modelVersion(), 100 * candFar, candDrift);
        if (candFar > o.maxFar()) {
            return decide(json, out, "rejected", String.format("candidate false alarms %.2f %% exceed --max-far %.2f %%",
                    100 * candFar, 100 * o.maxFar()), null, o);
        }
        // the held-out records exclude what the serving model flagged, so its false alarms there are ~0 by
        // construction; the score distributions are the fair comparison: the candidate must fit the recent
        // data at least as well as the serving model still does (or be stable, PSI <= 0.1)
        double allowed = Double.isNaN(drift) ? 0.1 : Math.max(drift, 0.1);
        if (candDrift > allowed) {
            return decide(json, out, "rejected", String.format("candidate scores drift more (PSI %.3f) than the serving "
                    + "model's (%.3f) on the held-out records", candDrift, Double.isNaN(drift) ? 0.1 : drift), null, o);
        }
        return decide(json, out, "published", String.format("false alarms %.2f %% within --max-far %.2f %% (serving %.2f %%, "
                + "low by construction: its flagged records are left out), score drift %.3f vs serving %.3f", 100 * candFar,
                100 * o.maxFar(), 100 * servingFar, candDrift, drift), dir, o);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }


    private static Map<String, Object> decide(Map<String, Object> json, PrintStream out, String decision, String reason, Path dir,
            Options o) throws Exception {
        if ("published".equals(decision)) {
            if (o.dryRun()) {
                decision = "passed";
                reason += " (dry run: not published)";
            } else {
                PublishSupport.publish(dir, o.bootstrap(), o.modelTopic(), o.kafka());
            }
        }
        out.printf("decision    %s: %s%n", decision, reason);
        json.put("decision", decision);
        json.put("reason", reason);
        return json;
    }

    private static byte[] servingModel(Options o) throws Exception {
        if (o.serving() != null) {
            Path file = Files.isDirectory(o.serving()) ? o.serving().resolve("model.onnx") : o.serving();
            return Files.readAllBytes(file);
        }
        Map<String, byte[]> models = TopicWindow.latestByKey(o.bootstrap(), o.kafka(), o.modelTopic());
        if (models.isEmpty()) {
            throw new UserException("no model on " + o.modelTopic() + "; publish one first or name it with --serving DIR");
        }
        if (o.modelName() != null) {
            byte[] b = models.get(o.modelName());
            if (b == null) {
                throw new UserException("no model named " + o.modelName() + " on " + o.modelTopic() + "; it holds " + models.keySet());
            }
            return b;
        }
        if (models.size() > 1) {
            throw new UserException(o.modelTopic() + " holds several models " + models.keySet() + "; pick one with --model-name");
        }
        return models.values().iterator().next();
    }

    /**
     * Operators' verdicts ({@code recon feedback}): records an operator called a false positive are normal and stay in
     * the training set (taken out of {@code flagged}); records of a true positive are left out (put in it). Returns
     * how many records each verdict moved.
     */
    private static int[] applyFeedback(Options o, List<RetrainData.Parsed> parsed, Set<String> flagged, String model) {
        if (o.feedbackTopic() == null || o.feedbackTopic().isEmpty()) {
            return new int[2];
        }
        List<Feedback> verdicts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicWindow.read(o.bootstrap(), o.kafka(), o.feedbackTopic(), 0)) {
            try {
                verdicts.add(Feedback.fromJson(r.value()));
            } catch (IllegalArgumentException | NullPointerException e) {
                // not feedback
            }
        }
        int[] moved = new int[2];
        for (RetrainData.Parsed p : parsed) {
            String id = p.key() + "@" + p.timestamp();
            for (Feedback f : verdicts) {
                if (!f.covers(p.key(), model, p.timestamp())) {
                    continue;
                }
                if (f.verdict() == Feedback.Verdict.FALSE_POSITIVE) {
                    moved[0] += flagged.remove(id) ? 1 : 0;
                } else {
                    moved[1] += flagged.add(id) ? 1 : 0;
                }
            }
        }
        return moved;
    }

    /** key@timestamp of every firing alert and every record scored anomalous in the window. */
    private static Set<String> flagged(Options o) throws Exception {
        Set<String> out = new HashSet<>();
        for (String topic : new String[] {o.alertsTopic(), o.scoresTopic()}) {
            for (ConsumerRecord<byte[], byte[]> r : TopicWindow.read(o.bootstrap(), o.kafka(), topic, o.sinceMillis())) {
                try {
                    JsonNode n = Json.mapper().readTree(r.value());
                    boolean flag = topic.equals(o.alertsTopic()) ? "firing".equals(n.path("status").asText())
                            : n.path("is_anomaly").asBoolean(false);
                    if (flag) {
                        out.add(n.path("key").asText() + "@" + n.path("timestamp").asLong());
                    }
                } catch (Exception ignored) {
                    // not ours
                }
            }
        }
        return out;
    }

    private static double far(float[] scores, double threshold) {
        int above = 0;
        for (float s : scores) {
            above += s > threshold ? 1 : 0;
        }
        return scores.length == 0 ? 0 : above / (double) scores.length;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** A request of the serving model's kind and architecture, versioned by the current time. */
    private static TrainRequest request(ModelContract sc, Path csv, Path out, Options o, RetrainData data) {
        Map<String, String> h = sc.hyperparameters();
        String version = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        List<Integer> hidden = h.containsKey("hidden")
                ? Arrays.stream(h.get("hidden").split(",")).map(String::trim).map(Integer::parseInt).toList() : List.of();
        Activation act = Activation.fromId(h.getOrDefault("activation", "tanh"));
        ModelKind kind = sc.kind();
        boolean conv = kind == ModelKind.CONV_AE || kind == ModelKind.CONV_VAE;
        ConvAeConfig convConfig = !conv ? null : new ConvAeConfig(Arrays.stream(h.getOrDefault("channels", "16,32").split(","))
                .map(String::trim).map(Integer::parseInt).toList(), Integer.parseInt(h.getOrDefault("latent",
                Integer.toString(ConvAeConfig.DEFAULT_LATENT))), act, Double.parseDouble(h.getOrDefault("noise", "0")),
                Boolean.parseBoolean(h.getOrDefault("latent_density", "true")));
        DenseAeConfig dense = kind == ModelKind.RBM || conv ? null : new DenseAeConfig(hidden, act,
                Double.parseDouble(h.getOrDefault("noise", "0")), Double.parseDouble(h.getOrDefault("l1", "0")),
                Boolean.parseBoolean(h.getOrDefault("tied_weights", "false")));
        RbmConfig rbm = kind != ModelKind.RBM ? null : new RbmConfig(h.getOrDefault("visible", "gaussian"),
                Integer.parseInt(h.getOrDefault("hidden", "64")), Integer.parseInt(h.getOrDefault("cd_k", "1")),
                Boolean.parseBoolean(h.getOrDefault("persistent", "false")), h.getOrDefault("rbm_score", "free-energy"));
        double lr = Double.parseDouble(h.getOrDefault("learning_rate", kind == ModelKind.RBM ? "0.01" : "0.001"));
        ThresholdCalibrator.Method method = new ThresholdCalibrator.Method(sc.threshold().method(),
                sc.threshold().params().getOrDefault("q", 0.995), sc.threshold().params().getOrDefault("k", 3.0),
                sc.threshold().params().getOrDefault("far", 1e-3), sc.threshold().params().getOrDefault("tail", 0.95));
        return TrainRequest.builder().setKind(kind).setData(csv).setOut(out)
                .setTraining(new TrainConfig(o.epochs(), Integer.parseInt(h.getOrDefault("batch_size", "64")), lr, 0.2, 8,
                        Long.parseLong(h.getOrDefault("seed", "42"))))
                .optModelName(sc.modelName()).optModelVersion(version).optDense(dense).optRbm(rbm).optConv(convConfig)
                .optBeta(Double.parseDouble(h.getOrDefault("beta", "1"))).optThreshold(method)
                .optWindow(data == null ? 0 : data.window).optRead(data == null ? ReadOptions.defaults() : data.read)
                .optNormalLabel(data != null && data.window > 0 ? "0" : null)
                .optNormalization(h.get("normalization")).optInput(sc.input()).build();
    }
}
