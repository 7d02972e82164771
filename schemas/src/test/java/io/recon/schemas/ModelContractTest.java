package io.recon.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.contract.ModelKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelContractTest {

    static String golden() throws Exception {
        try (InputStream in = ModelContractTest.class.getResourceAsStream("/golden/contract-v1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void goldenV1ContractStillParses() throws Exception {
        ModelContract c = ModelContract.fromJson(golden());
        assertEquals(1, c.contractVersion());
        assertEquals(ModelKind.DENSE_AE, c.kind());
        assertEquals(InputShape.features(3), c.inputShape());
        assertEquals(0.75, c.threshold().value());
        assertEquals(0.995, c.threshold().params().get("q"));
        assertEquals(2.5, c.preprocessing().scale().get(1));
    }

    @Test
    void roundTripIsLosslessAndMatchesTheJsonSchema() throws Exception {
        ModelContract c = ModelContract.fromJson(golden());
        String json = c.toJson();
        assertEquals(c, ModelContract.fromJson(json));
        assertEquals(Json.mapper().readTree(golden()), Json.mapper().readTree(json), "golden file and writer disagree");
        assertTrue(SchemaFiles.validate("model-contract.v1.schema.json", json).isEmpty());
    }

    @Test
    void aContractWithItsInputSpecRoundTripsAndMatchesTheSchema() throws Exception {
        String golden;
        try (InputStream in = ModelContractTest.class.getResourceAsStream("/golden/contract-v1-input.json")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ModelContract c = ModelContract.fromJson(golden);
        assertEquals("prometheus-json", c.input().format());
        assertEquals(15000, c.input().stepMs());
        assertEquals(List.of("instance"), c.input().entityLabels());
        assertEquals(Json.mapper().readTree(golden), Json.mapper().readTree(c.toJson()), "golden file and writer disagree");
        assertTrue(SchemaFiles.validate("model-contract.v1.schema.json", c.toJson()).isEmpty());
        assertEquals(null, ModelContract.fromJson(golden()).input(), "absent for models trained on tables");
        ObjectNode bad = (ObjectNode) Json.mapper().readTree(golden);
        ((ObjectNode) bad.get("input")).put("counters", "sometimes");
        assertThrows(SchemaException.class, () -> ModelContract.fromJson(bad.toString()));
        assertTrue(!SchemaFiles.validate("model-contract.v1.schema.json", bad).isEmpty());
    }

    @Test
    void schemaAndJavaTypeRejectTheSameBrokenContract() throws Exception {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(golden());
        node.withArray("features").add("f3");
        String broken = node.toString();
        SchemaException e = assertThrows(SchemaException.class, () -> ModelContract.fromJson(broken));
        assertTrue(e.getMessage().contains("features has 4 names"), e.getMessage());

        ObjectNode badHash = (ObjectNode) Json.mapper().readTree(golden());
        ((ObjectNode) badHash.get("training")).put("content_hash", "md5:abc");
        assertThrows(SchemaException.class, () -> ModelContract.fromJson(badHash.toString()));
        assertTrue(!SchemaFiles.validate("model-contract.v1.schema.json", badHash).isEmpty());
    }

    @Test
    void futureContractVersionIsRefusedWithAdvice() throws Exception {
        String future = golden().replace("\"contract_version\" : 1", "\"contract_version\" : 2");
        SchemaException e = assertThrows(SchemaException.class, () -> ModelContract.fromJson(future));
        assertTrue(e.getMessage().contains("upgrade Recon"), e.getMessage());
    }

    @Test
    void notJsonGivesSchemaException() {
        assertThrows(SchemaException.class, () -> ModelContract.fromJson("{not json"));
    }
}
