package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.recon.schemas.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The input record's JSON Schema and the scorer's parser agree on what a record is: every record here is valid by
 * {@code input-record.v1.schema.json} exactly when the parser reads it for a model of features {@code cpu, mem}, but
 * for the one thing the schema cannot know, the model's features (a feature given as text).
 */
class InputSchemaTest {
    private static final List<String> FEATURES = List.of("cpu", "mem");

    private static boolean valid(String record) throws Exception {
        JsonNode node;
        try {
            node = Json.mapper().readTree(record);
        } catch (java.io.IOException e) {
            return false;
        }
        try (InputStream in = InputSchemaTest.class.getResourceAsStream("/schemas/input-record.v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in).validate(node).isEmpty();
        }
    }

    private static boolean parsed(String record) {
        return new RecordParser(FEATURES).parse(record.getBytes(StandardCharsets.UTF_8), new float[2], 0).usable();
    }

    @Test
    void theSchemaAcceptsWhatTheParserReads() throws Exception {
        List<String> accepted = List.of(
                "{\"key\":\"h\",\"timestamp\":1796094000000,\"fields\":{\"cpu\":0.5,\"mem\":71.2}}",
                "{\"fields\":{\"cpu\":0.5,\"mem\":71.2}}", // no timestamp: the Kafka record's
                "{\"timestamp\":1796094000,\"fields\":{\"cpu\":0.5,\"mem\":71.2}}", // seconds, converted
                "{\"timestamp\":1,\"fields\":{\"cpu\":1,\"mem\":2,\"note\":\"deploy\",\"tags\":{\"dc\":\"a\"},\"up\":true}}",
                "{\"timestamp\":1,\"values\":[1,2]}",
                "{\"timestamp\":1,\"fields\":{\"cpu\":1,\"mem\":2},\"source\":{\"agent\":\"telegraf\"}}");
        for (String r : accepted) {
            assertEquals(true, valid(r), "schema: " + r);
            assertEquals(true, parsed(r), "parser: " + r);
        }
        List<String> rejected = List.of(
                "{\"timestamp\":1}",
                "{\"timestamp\":1,\"fields\":{}}",
                "{\"timestamp\":1,\"values\":[]}",
                "{\"timestamp\":1,\"fields\":{\"cpu\":1,\"mem\":2},\"values\":[1,2]}",
                "{\"timestamp\":-5,\"fields\":{\"cpu\":1,\"mem\":2}}",
                "{\"timestamp\":\"2026-12-01T00:00:00Z\",\"fields\":{\"cpu\":1,\"mem\":2}}",
                "{\"timestamp\":1,\"fields\":[1,2]}",
                "{\"timestamp\":1,\"values\":{\"cpu\":1}}",
                "{\"timestamp\":1,\"values\":[1,\"2\"]}",
                "[1,2]",
                "{\"timestamp\":1,\"fields\":{\"cpu\":1,\"mem\":2}");
        for (String r : rejected) {
            assertEquals(false, valid(r), "schema: " + r);
            assertEquals(false, parsed(r), "parser: " + r);
        }
        // what only the model knows: its features must be numbers (other members of fields may hold anything)
        String text = "{\"timestamp\":1,\"fields\":{\"cpu\":\"high\",\"mem\":2}}";
        assertEquals(true, valid(text));
        assertEquals(false, parsed(text));
    }
}
