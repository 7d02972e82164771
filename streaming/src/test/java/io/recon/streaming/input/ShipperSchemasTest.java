package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.recon.testkit.ShipperFleet;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema files of the JSON shipper formats describe the records the shippers write, and what Recon reads. */
class ShipperSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema(String file) throws Exception {
        try (InputStream in = ShipperSchemasTest.class.getResourceAsStream("/schemas/" + file)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static void allValid(String format, String schemaFile) throws Exception {
        JsonSchema s = schema(schemaFile);
        ShipperFleet fleet = new ShipperFleet(List.of("a", "b"), 1_796_094_000_000L, 15_000L, 1);
        for (ShipperFleet.Rec r : fleet.records(format, 0, 3)) {
            JsonNode n = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
            Set<ValidationMessage> errors = s.validate(n);
            assertTrue(errors.isEmpty(), format + " record " + n + ": " + errors);
        }
    }

    @Test
    void shipperRecordsMatchTheirSchemas() throws Exception {
        allValid("telegraf-json", "input-telegraf.v1.schema.json");
        allValid("prometheus-json", "input-prometheus-adapter.v1.schema.json");
        allValid("otlp-json", "input-otlp-metrics.v1.schema.json");
    }

    @Test
    void recordsRecordsRejectsAreOutsideTheSchemas() throws Exception {
        assertFalse(schema("input-telegraf.v1.schema.json").validate(JSON.readTree("{\"name\":\"cpu\",\"tags\":{}}")).isEmpty());
        assertFalse(schema("input-prometheus-adapter.v1.schema.json").validate(JSON.readTree(
                "{\"labels\":{\"instance\":\"a\"},\"name\":\"up\",\"value\":\"high\"}")).isEmpty());
        assertFalse(schema("input-otlp-metrics.v1.schema.json").validate(JSON.readTree("{\"resource\":{}}")).isEmpty());
    }
}
