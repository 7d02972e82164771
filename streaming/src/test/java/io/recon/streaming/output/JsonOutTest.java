package io.recon.streaming.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.record.Alert;
import io.recon.schemas.record.ScoredRecord;
import io.recon.streaming.alerting.AlertState;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.streaming.state.StateWrite;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What JsonOut writes parses into the schema types and validates against the shipped schema files. */
class JsonOutTest {
    private static Set<ValidationMessage> validate(String schemaFile, byte[] json) throws Exception {
        try (InputStream in = JsonOutTest.class.getResourceAsStream("/schemas/" + schemaFile)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in)
                    .validate(Json.mapper().readTree(json));
        }
    }

    private static ModelContract contract() throws Exception {
        try (OnnxModel m = OnnxModel.load(Path.of(JsonOutTest.class.getResource("/models/dense").toURI()),
                ScorerOptions.defaults())) {
            return m.contract();
        }
    }

    @Test
    void scoredRecordsParseBackAndValidate() throws Exception {
        ModelContract c = contract();
        JsonOut out = new JsonOut();
        String key = "h\"ost\\ é 😀\n";
        byte[] one = out.scored(key, 42, 1.25e-3f, 0.5, false, c);
        ScoredRecord s = Json.mapper().readValue(one, ScoredRecord.class);
        assertEquals(key, s.key());
        assertEquals(42, s.timestamp());
        assertEquals(1.25e-3f, (float) s.score());
        assertEquals(0.5, s.threshold());
        assertEquals(c.modelVersion(), s.modelVersion());
        assertEquals(Set.of(), validate("scored-record.v1.schema.json", one));

        byte[] three = out.scored(key, 43, 2.5f, 0.5, true, c, 1.25e-5, JsonOut.probability(6.9e-4), true);
        ScoredRecord r = Json.mapper().readValue(three, ScoredRecord.class);
        assertEquals(3, r.format());
        assertEquals(1.25e-5, r.calibrated(), 0);
        assertEquals(r.calibrated(), r.tailProbability(), "the same number under its own name");
        assertEquals(6.9e-4, r.tailLimit(), 0);
        assertEquals(false, r.warmingUp());
        assertEquals(true, r.alerting());
        assertEquals(Set.of(), validate("scored-record.v3.schema.json", three));
        assertEquals(Set.of(), validate("scored-record.v2.schema.json", new String(three).replace("\"format\":3",
                "\"format\":2").getBytes()), "format 2's readers still find theirs");
        assertTrue(new String(three).contains("\"tail_limit\":6.9E-4"), "one number notation: " + new String(three));

        ScoredRecord warming = Json.mapper().readValue(out.scored("k", 44, 0.1f, 0.5, false, c, 1.0, null, false),
                ScoredRecord.class);
        assertNull(warming.tailLimit(), "no limit while the key warms up");
        assertEquals(true, warming.warmingUp(), "and the record says so");
    }

    @Test
    void aDroppedSeriesAlertIsFormatThree() throws Exception {
        ModelContract c = contract();
        JsonOut out = new JsonOut();
        byte[] firing = out.droppedSeries("web \"2\"", 1796095980000L, true, c.features().get(1), 1796095740000L, 5, c);
        assertEquals(Set.of(), validate("alert.v3.schema.json", firing), new String(firing));
        JsonNode a = Json.mapper().readTree(firing);
        assertEquals("web \"2\"", a.get("key").asText());
        assertEquals("dropped_series", a.get("kind").asText());
        assertEquals(c.features().get(1), a.get("feature").asText());
        assertEquals(1796095740000L, a.get("since").asLong());
        byte[] resolved = out.droppedSeries("web-2", 1796096100000L, false, c.features().get(1), 1796095740000L, 9, c);
        assertEquals(Set.of(), validate("alert.v3.schema.json", resolved), new String(resolved));
        assertEquals("resolved", Json.mapper().readTree(resolved).get("status").asText());
    }

    @Test
    void alertsCarryObservedExpectedSharesAndTheirEpisode() throws Exception {
        ModelContract c = contract();
        JsonOut out = new JsonOut();
        float[] errors = {0.1f, 3f, 2f, 0.5f};
        int[] top = new int[2];
        JsonOut.topK(errors, 1, 3, top);
        assertArrayEquals(new int[] {0, 1}, top);
        int f = c.features().size();
        float[] input = new float[f + 1];
        float[] recon = new float[f];
        for (int i = 0; i < f; i++) {
            input[1 + i] = 10 + i;
            recon[i] = 5 + i;
        }
        List<AlertDetail.Feature> features = AlertDetail.of(c.features(), top, errors, 1, 3, input, 1, f, recon);
        assertEquals(features, AlertDetail.decode(AlertDetail.encode(features)), "kept with the episode as bytes");
        List<StateWrite> writes = new ArrayList<>();
        AlertState state = new AlertState(1000, 1, 1);
        state.observe("k", 7, true, false, 9f, () -> AlertDetail.encode(features), writes);
        AlertState.Episode e = state.lastEpisode();
        byte[] firing = out.alert("k", 7, true, 9f, 0.5, c, AlertDetail.decode(e.peakDetail()), e);
        assertEquals(Set.of(), validate("alert.v2.schema.json", firing), new String(firing));
        assertEquals(Set.of(), validate("alert.v1.schema.json", firing), "format 1's readers still find theirs");
        Alert a = Json.mapper().readValue(firing, Alert.class);
        assertEquals(Alert.Status.FIRING, a.status());
        assertEquals(2, a.format());
        assertEquals(c.features().get(0), a.topFeatures().get(0).feature());
        assertEquals(3f, a.topFeatures().get(0).error(), 0);
        assertEquals(10.0, a.topFeatures().get(0).observed(), 0);
        assertEquals(5.0, a.topFeatures().get(0).expected(), 0);
        assertEquals(3 / 5.5, a.topFeatures().get(0).share(), 1e-6, "its part of the record's error (3 of 5.5)");
        assertEquals(new Alert.Episode(7, 7, 9.0, null), a.episode());

        // the episode peaks later, then a quiet record resolves it: the resolved alert describes the peak
        List<AlertDetail.Feature> peakFeatures = List.of(new AlertDetail.Feature(c.features().get(1), 40f, 12f, 0.9f, 30f));
        state.observe("k", 8, true, false, 20f, () -> AlertDetail.encode(peakFeatures), writes);
        state.observe("k", 9, true, false, 11f, () -> {
            throw new AssertionError("not a peak: no detail asked for");
        }, writes);
        assertEquals(AlertState.Transition.RESOLVED, state.observe("k", 2000, false, false, 0.1f, () -> null, writes));
        AlertState.Episode ended = state.lastEpisode();
        byte[] resolved = out.alert("k", 2000, false, 0.1f, 0.5, c, AlertDetail.decode(ended.peakDetail()), ended);
        assertEquals(Set.of(), validate("alert.v2.schema.json", resolved), new String(resolved));
        Alert r = Json.mapper().readValue(resolved, Alert.class);
        assertEquals(new Alert.Episode(7, 8, 20.0, 2000L), r.episode());
        assertEquals(c.features().get(1), r.topFeatures().get(0).feature(), "the peak's features, not the quiet record's");
        assertEquals(40.0, r.topFeatures().get(0).observed(), 0);
        assertFalse(new String(resolved).contains("E-8"), new String(resolved));
    }
}
