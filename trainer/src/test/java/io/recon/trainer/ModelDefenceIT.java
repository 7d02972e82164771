package io.recon.trainer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.Preprocessing;
import io.recon.streaming.lifecycle.ModelValidator;
import io.recon.streaming.scoring.ModelLoadException;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.testkit.DataGenerator;
import io.recon.trainer.train.ProgressListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models a service must refuse: no contract, a contract that does not match the graph, non-finite outputs. */
class ModelDefenceIT {
    @TempDir
    static Path dir;
    static OnnxMl.ModelProto good;
    static ModelContract contract;

    @BeforeAll
    static void train() throws Exception {
        Path csv = DataGenerator.correlatedCsv(dir, 400, 4, 0.0, 71);
        TrainResult r = TrainJob.run(Requests.dense(csv, dir.resolve("m"), Requests.plain(), 0, 2, null), ProgressListener.NONE);
        good = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(r.modelFile()));
        contract = r.contract();
    }

    private static OnnxModel load(OnnxMl.ModelProto m) throws ModelLoadException {
        return OnnxModel.load(m.toByteArray(), "test", ScorerOptions.defaults());
    }

    @Test
    void theTrainedModelPasses() throws Exception {
        try (OnnxModel m = load(good)) {
            assertNull(ModelValidator.problem(m, contract));
        }
    }

    @Test
    void aModelWithoutAContractIsRefused() {
        OnnxMl.ModelProto bare = good.toBuilder().clearMetadataProps().build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(bare));
        assertTrue(e.getMessage().contains("no Recon contract"), e.getMessage());
    }

    @Test
    void aContractThatDoesNotMatchTheGraphIsRefused() {
        List<String> features = new ArrayList<>(contract.features());
        features.add("extra");
        List<Double> center = new ArrayList<>(contract.preprocessing().center());
        List<Double> scale = new ArrayList<>(contract.preprocessing().scale());
        center.add(0.0);
        scale.add(1.0);
        ModelContract wrong = new ModelContract(1, contract.kind(), contract.modelName(), contract.modelVersion(), features,
                InputShape.features(features.size()), new Preprocessing("standard", center, scale),
                contract.inputName(), contract.outputs(),
                contract.score(), contract.threshold(), contract.training(), contract.hyperparameters(), contract.createdAt(),
                null, null, null);
        OnnxMl.ModelProto mismatched = good.toBuilder().clearMetadataProps().addMetadataProps(OnnxMl.StringStringEntryProto
                .newBuilder().setKey(ModelContract.METADATA_KEY).setValue(wrong.toJson())).build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(mismatched));
        assertTrue(e.getMessage().contains("does not match the contract"), e.getMessage());
    }

    @Test
    void aModelWithNonFiniteOutputsIsRefusedByTheValidator() throws Exception {
        OnnxMl.GraphProto.Builder graph = good.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = graph.getInitializer(i);
            if (t.getName().startsWith("enc0_weight")) {
                ByteBuffer b = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                b.putFloat(0, Float.NaN);
                graph.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(b.array())));
            }
        }
        try (OnnxModel m = load(good.toBuilder().setGraph(graph).build())) {
            String problem = ModelValidator.problem(m, contract);
            assertNotNull(problem);
            assertTrue(problem.contains("non-finite"), problem);
        }
    }

    @Test
    void aModelForOtherFeaturesIsRefusedAgainstTheServingOne() throws Exception {
        List<String> renamed = contract.features().stream().map(f -> f + "_v2").toList();
        ModelContract other = new ModelContract(1, contract.kind(), contract.modelName(), "v9", renamed, contract.inputShape(),
                contract.preprocessing(), contract.inputName(), contract.outputs(), contract.score(), contract.threshold(),
                contract.training(), contract.hyperparameters(), contract.createdAt(), null, null, null);
        OnnxMl.ModelProto relabelled = good.toBuilder().clearMetadataProps().addMetadataProps(OnnxMl.StringStringEntryProto
                .newBuilder().setKey(ModelContract.METADATA_KEY).setValue(other.toJson())).build();
        try (OnnxModel m = load(relabelled)) {
            String problem = ModelValidator.problem(m, contract);
            assertTrue(problem != null && problem.contains("differ from the stream"), problem);
        }
    }
}
