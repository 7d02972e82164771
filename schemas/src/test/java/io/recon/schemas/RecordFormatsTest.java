package io.recon.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.record.Alert;
import io.recon.schemas.record.FeatureContribution;
import io.recon.schemas.record.InputRecord;
import io.recon.schemas.record.ScoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFormatsTest {
    /** A golden file of {@code schemas/src/test/resources/golden}, as text. */
    private static String golden(String name) throws IOException {
        return new String(RecordFormatsTest.class.getResourceAsStream("/golden/" + name).readAllBytes(),
                StandardCharsets.UTF_8).strip();
    }


    @Test
    void inputRecordWithFieldsRoundTripsAndValidates() throws Exception {
        InputRecord r = InputRecord.ofFields("host-1", 1_700_000_000_000L, Map.of("cpu", 0.5, "mem", 12.0));
        String json = Json.mapper().writeValueAsString(r);
        assertEquals(r, Json.mapper().readValue(json, InputRecord.class));
        assertTrue(SchemaFiles.validate("input-record.v1.schema.json", json).isEmpty(), json);
    }

    @Test
    void inputRecordWithValuesRoundTripsAndValidates() throws Exception {
        InputRecord r = InputRecord.ofValues("dev-7", 5L, new double[] {1, 2.5, -3});
        String json = Json.mapper().writeValueAsString(r);
        InputRecord back = Json.mapper().readValue(json, InputRecord.class);
        assertArrayEquals(r.values(), back.values());
        assertTrue(SchemaFiles.validate("input-record.v1.schema.json", json).isEmpty(), json);
    }

    @Test
    void inputRecordRejectsBothOrNeitherAndNonFinite() throws Exception {
        String both = "{\"timestamp\":1,\"fields\":{\"a\":1},\"values\":[1]}";
        assertThrows(Exception.class, () -> Json.mapper().readValue(both, InputRecord.class));
        assertFalse(SchemaFiles.validate("input-record.v1.schema.json", both).isEmpty());
        String neither = "{\"timestamp\":1}";
        assertThrows(Exception.class, () -> Json.mapper().readValue(neither, InputRecord.class));
        assertFalse(SchemaFiles.validate("input-record.v1.schema.json", neither).isEmpty());
        assertThrows(SchemaException.class, () -> InputRecord.ofValues("k", 1, new double[] {Double.NaN}));
        assertThrows(SchemaException.class, () -> InputRecord.ofFields("k", 1, Map.of("a", Double.POSITIVE_INFINITY)));
    }

    @Test
    void scoredRecordUsesSnakeCaseAndValidates() throws Exception {
        ScoredRecord s = new ScoredRecord("host-1", 10, 3.5, 1.25, true, "m", "v1");
        String json = Json.mapper().writeValueAsString(s);
        assertTrue(json.contains("\"is_anomaly\":true"), json);
        assertTrue(json.contains("\"model_version\":\"v1\""), json);
        assertEquals(s, Json.mapper().readValue(json, ScoredRecord.class));
        assertTrue(SchemaFiles.validate("scored-record.v1.schema.json", json).isEmpty(), json);
    }

    @Test
    void scoredRecordFormatsOneAndTwoParseAndValidate() throws Exception {
        String v1 = golden("scored-record.v1.json");
        String v2 = golden("scored-record.v2.json");
        ScoredRecord one = Json.mapper().readValue(v1, ScoredRecord.class);
        ScoredRecord two = Json.mapper().readValue(v2, ScoredRecord.class);
        assertTrue(SchemaFiles.validate("scored-record.v1.schema.json", v1).isEmpty());
        assertTrue(SchemaFiles.validate("scored-record.v2.schema.json", v2).isEmpty(), SchemaFiles.validate(
                "scored-record.v2.schema.json", v2).toString());
        assertTrue(SchemaFiles.validate("scored-record.v1.schema.json", v2).isEmpty(), "format 2 keeps format 1's fields");
        assertFalse(SchemaFiles.validate("scored-record.v2.schema.json", v1).isEmpty(), "format 1 lacks format 2's fields");
        assertEquals(null, one.calibrated());
        assertEquals(2, two.format());
        assertTrue(two.alerting() && two.calibrated() < two.tailLimit());
        assertEquals(Json.mapper().readTree(v1), Json.mapper().readTree(Json.mapper().writeValueAsString(one)),
                "format 1 written as it was");
        assertEquals(Json.mapper().readTree(v2), Json.mapper().readTree(Json.mapper().writeValueAsString(two)));
    }

    @Test
    void scoredRecordFormatThreeNamesTheTailProbabilityAndTheWarmUp() throws Exception {
        String v3 = golden("scored-record.v3.json");
        ScoredRecord three = Json.mapper().readValue(v3, ScoredRecord.class);
        assertTrue(SchemaFiles.validate("scored-record.v3.schema.json", v3).isEmpty(),
                SchemaFiles.validate("scored-record.v3.schema.json", v3).toString());
        // format 3 keeps format 2's fields: it validates as format 2 but for the format number itself
        String asTwo = v3.replace("\"format\":3", "\"format\":2");
        assertTrue(SchemaFiles.validate("scored-record.v2.schema.json", asTwo).isEmpty(), "format 3 keeps format 2's fields");
        String v2 = golden("scored-record.v2.json");
        assertFalse(SchemaFiles.validate("scored-record.v3.schema.json", v2).isEmpty(), "format 2 lacks format 3's fields");
        assertEquals(three.calibrated(), three.tailProbability());
        assertEquals(false, three.warmingUp());
        assertEquals(Json.mapper().readTree(v3), Json.mapper().readTree(Json.mapper().writeValueAsString(three)));
    }

    @Test
    void alertFormatTwoExplainsItself() throws Exception {
        String v2 = golden("alert.v2.json");
        assertTrue(SchemaFiles.validate("alert.v2.schema.json", v2).isEmpty(), SchemaFiles.validate("alert.v2.schema.json",
                v2).toString());
        assertTrue(SchemaFiles.validate("alert.v1.schema.json", v2).isEmpty(), "format 2 keeps format 1's fields");
        Alert a = Json.mapper().readValue(v2, Alert.class);
        assertEquals(2, a.format());
        assertEquals(new Alert.Episode(1796095680000L, 1796095702000L, 9.87, 1796095800000L), a.episode());
        assertEquals(81.37, a.topFeatures().get(0).observed());
        assertEquals(38.12, a.topFeatures().get(0).expected());
        assertEquals(Json.mapper().readTree(v2), Json.mapper().readTree(Json.mapper().writeValueAsString(a)));
        String v1 = Json.mapper().writeValueAsString(new Alert("h", 1, Alert.Status.FIRING, 2, 1, "m", "v",
                List.of(new FeatureContribution("cpu", 1.0))));
        assertFalse(SchemaFiles.validate("alert.v2.schema.json", v1).isEmpty(), "format 1 lacks format 2's fields");
    }

    @Test
    void alertFormatThreeIsADroppedSeriesAndNotAnAnomalyAlert() throws Exception {
        String v3 = golden("alert.v3.json");
        assertTrue(SchemaFiles.validate("alert.v3.schema.json", v3).isEmpty(), SchemaFiles.validate("alert.v3.schema.json",
                v3).toString());
        assertFalse(SchemaFiles.validate("alert.v2.schema.json", v3).isEmpty(), "no score: not an anomaly alert");
        String v2 = golden("alert.v2.json");
        assertFalse(SchemaFiles.validate("alert.v3.schema.json", v2).isEmpty(), "an anomaly alert is not format 3");
    }

    @Test
    void alertRoundTripsValidatesAndKeepsFeaturesSorted() throws Exception {
        Alert a = new Alert("host-1", 10, Alert.Status.FIRING, 9.0, 1.0, "m", "v1",
                List.of(new FeatureContribution("cpu", 5.0), new FeatureContribution("mem", 2.0)));
        String json = Json.mapper().writeValueAsString(a);
        assertEquals(a, Json.mapper().readValue(json, Alert.class));
        assertTrue(SchemaFiles.validate("alert.v1.schema.json", json).isEmpty(), json);
        assertThrows(SchemaException.class, () -> new Alert("host-1", 10, Alert.Status.FIRING, 9.0, 1.0, "m", "v1",
                List.of(new FeatureContribution("cpu", 1.0), new FeatureContribution("mem", 2.0))));
    }
}
