package io.recon.schemas.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.recon.schemas.Checks;
import io.recon.schemas.Json;
import io.recon.schemas.SchemaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model contract: everything a scorer needs to know about a model, stored in the ONNX model's
 * metadata (key {@value #METADATA_KEY}) and as {@code contract.json} beside it.
 *
 * <p>Version history: 1 = first format ({@code feature_error_stats}, {@code score_reference} and {@code input} are
 * optional within version 1).
 */
public record ModelContract(
        int contractVersion,
        ModelKind kind,
        String modelName,
        String modelVersion,
        List<String> features,
        InputShape inputShape,
        Preprocessing preprocessing,
        String inputName,
        List<String> outputs,
        ScoreDefinition score,
        Threshold threshold,
        TrainingSummary training,
        Map<String, String> hyperparameters,
        String createdAt,
        FeatureErrorStats featureErrorStats,
        ScoreReference scoreReference,
        InputSpec input) {

    public static final int CURRENT_VERSION = 1;
    public static final String METADATA_KEY = "recon.contract";
    public static final String FILE_NAME = "contract.json";

    public ModelContract {
        Checks.require(contractVersion >= 1 && contractVersion <= CURRENT_VERSION,
                "contract_version " + contractVersion + " is not supported (this Recon reads 1.." + CURRENT_VERSION
                        + "); upgrade Recon or retrain the model");
        Checks.require(kind != null, "kind is required");
        Checks.nonBlank(modelName, "model_name");
        Checks.require(modelName.matches("[A-Za-z0-9._-]+"), "model_name may hold letters, digits, '.', '_' and '-' only");
        Checks.nonBlank(modelVersion, "model_version");
        features = Checks.nonEmptyList(features, "features");
        Checks.require(features.stream().distinct().count() == features.size(), "features must be unique");
        Checks.require(inputShape != null, "input_shape is required");
        Checks.require(features.size() == inputShape.featuresPerRecord(), "features has " + features.size()
                + " names but input_shape " + inputShape.dims() + " needs " + inputShape.featuresPerRecord());
        Checks.require(preprocessing != null, "preprocessing is required");
        int n = preprocessing.center().size();
        Checks.require(n == 1 || n == inputShape.featuresPerRecord(),
                "preprocessing has " + n + " entries, expected 1 or " + inputShape.featuresPerRecord());
        Checks.nonBlank(inputName, "input_name");
        outputs = Checks.nonEmptyList(outputs, "outputs");
        Checks.require(score != null, "score is required");
        Checks.require(outputs.contains(score.output()), "score.output " + score.output() + " is not among outputs " + outputs);
        Checks.require(threshold != null, "threshold is required");
        Checks.require(training != null, "training is required");
        hyperparameters = hyperparameters == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(hyperparameters));
        Checks.instant(createdAt, "created_at");
        Checks.require(featureErrorStats == null || featureErrorStats.mean().size() == inputShape.featuresPerRecord(),
                "feature_error_stats must have one entry per feature");
    }

    public String toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contract cannot be serialized", e);
        }
    }

    /** Parses and validates a contract; throws {@link SchemaException} naming the offending field. */
    public static ModelContract fromJson(String json) {
        try {
            return Json.mapper().readValue(json, ModelContract.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SchemaException se) {
                throw se;
            }
            throw new SchemaException("model contract is not valid: " + e.getOriginalMessage(), e);
        }
    }

    public static ModelContract read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }

    /** A copy with another threshold (after calibration). */
    public ModelContract withThreshold(Threshold newThreshold) {
        return new ModelContract(contractVersion, kind, modelName, modelVersion, features, inputShape, preprocessing,
                inputName, outputs, score, newThreshold, training, hyperparameters, createdAt, featureErrorStats,
                scoreReference, input);
    }
}
