package io.recon.streaming.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.recon.schemas.Json;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.metrics.ReconMetrics;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The dead letters' headers against dead-letter-headers.v1.schema.json, for every reason; long values cut. */
class DeadLettersTest {
    private static JsonSchema schema() throws Exception {
        try (InputStream in = DeadLettersTest.class.getResourceAsStream("/schemas/dead-letter-headers.v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static ObjectNode headers(Record<byte[], byte[]> r) {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        for (Header x : r.headers()) {
            h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void everyReasonsHeadersValidateAndTheSchemaNamesEveryReason() throws Exception {
        JsonSchema schema = schema();
        DeadLetters d = new DeadLetters(16, new ReconMetrics());
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            Record<byte[], byte[]> r = d.record("k".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                    reason, "why", 1L, "metrics", 3, 42L);
            assertEquals(Set.of(), schema.validate(headers(r)), reason.id());
        }
        Set<String> inSchema = new TreeSet<>();
        JsonNode schemaJson;
        try (InputStream in = DeadLettersTest.class.getResourceAsStream("/schemas/dead-letter-headers.v1.schema.json")) {
            schemaJson = Json.mapper().readTree(in);
        }
        schemaJson.get("properties").get("recon.dlq.reason").get("enum").forEach(n -> inSchema.add(n.asText()));
        Set<String> reasons = new TreeSet<>();
        Arrays.stream(DeadLetterReason.values()).forEach(x -> reasons.add(x.id()));
        assertEquals(reasons, inSchema, "a new dead-letter reason goes into the schema too");
    }

    @Test
    void aLongKeyAndValueAreCutAndTheirLengthsSaid() throws Exception {
        DeadLetters d = new DeadLetters(16, new ReconMetrics());
        byte[] value = new byte[100];
        byte[] key = new byte[40];
        Record<byte[], byte[]> r = d.record(key, value, DeadLetterReason.TOO_LARGE, null, 1L, "metrics", 0, 7L);
        ObjectNode h = headers(r);
        assertEquals(Set.of(), schema().validate(h));
        assertEquals("100", h.get("recon.dlq.original.bytes").asText());
        assertEquals("40", h.get("recon.dlq.original.key.bytes").asText());
        assertArrayEquals(new byte[16], r.value());
        assertEquals(16, r.key().length);
    }
}
