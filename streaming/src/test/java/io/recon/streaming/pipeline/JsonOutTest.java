package io.recon.streaming.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recon.schemas.Json;
import io.recon.schemas.contract.ModelContract;
import io.recon.schemas.record.Alert;
import io.recon.schemas.record.ScoredRecord;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JsonOutTest {
    @Test
    void outputsParseBackIntoTheSchemaTypes() throws Exception {
        ModelContract c;
        try (OnnxModel m = OnnxModel.load(Path.of(getClass().getResource("/models/dense").toURI()), ScorerOptions.defaults())) {
            c = m.contract();
        }
        JsonOut out = new JsonOut();
        String key = "h\"ost\\ é 😀\n";
        ScoredRecord s = Json.mapper().readValue(out.scored(key, 42, 1.25e-3f, 0.5, false, c), ScoredRecord.class);
        assertEquals(key, s.key());
        assertEquals(42, s.timestamp());
        assertEquals(1.25e-3f, (float) s.score());
        assertEquals(0.5, s.threshold());
        assertEquals(c.modelVersion(), s.modelVersion());
        ScoredRecord two = Json.mapper().readValue(out.scored(key, 43, 2.5f, 0.5, true, c, 1.25e-5, JsonOut.probability(6.9e-4), true),
                ScoredRecord.class);
        assertEquals(2, two.format());
        assertEquals(1.25e-5, two.calibrated(), 0);
        assertEquals(6.9e-4, two.tailLimit(), 0);
        assertEquals(true, two.alerting());
        assertEquals(2.5f, (float) two.score());
        ScoredRecord warming = Json.mapper().readValue(out.scored("k", 44, 0.1f, 0.5, false, c, 1.0, null, false),
                ScoredRecord.class);
        assertEquals(null, warming.tailLimit(), "no limit while the key warms up");
        float[] errors = {0.1f, 3f, 2f, 0.5f};
        int[] top = new int[2];
        JsonOut.topK(errors, 1, 3, top);
        assertArrayEquals(new int[] {0, 1}, top);
        Alert a = Json.mapper().readValue(out.alert("k", 7, true, 9f, 0.5, c, top, errors, 1), Alert.class);
        assertEquals(Alert.Status.FIRING, a.status());
        assertEquals(c.features().get(0), a.topFeatures().get(0).feature());
        assertEquals(3f, a.topFeatures().get(0).error(), 0);
        assertEquals(2f, a.topFeatures().get(1).error(), 0);
    }
}
