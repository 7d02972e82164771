package io.recon.streaming.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recon.schemas.Json;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Recon alert as Alertmanager's API v2 takes it: labels, annotations, times, the link. */
class AlertmanagerAlertsTest {
    private static final AlertmanagerConfig CONFIG = new AlertmanagerConfig(List.of(URI.create("http://127.0.0.1:9093")),
            "", "", "", null, false, "page", "http://grafana:3000/d/recon?var-key={key}&var-model={model}", 60_000, 10_000);

    /** Recon's clock, past every record's time below unless a test says otherwise. */
    private static final long NOW = 1796100000000L;

    private static final String FIRING = "{\"key\":\"web 2\",\"timestamp\":1796095690000,\"status\":\"firing\",\"score\":9.87,"
            + "\"threshold\":3.2745187973976133,\"tail_probability\":1.2E-7,\"model\":\"m1\",\"model_version\":\"v7\","
            + "\"top_features\":[{\"feature\":\"cpu\",\"observed\":81.37,\"expected\":38.12,\"share\":0.8123,\"error\":21.53},"
            + "{\"feature\":\"load\",\"observed\":3.41,\"expected\":0.92,\"share\":0.1721,\"error\":4.561}],"
            + "\"episode\":{\"started\":1796095680000,\"peak_at\":1796095690000,\"peak_score\":9.87},\"format\":2}";

    @Test
    void aFiringAlertBecomesLabelsAnnotationsAndAStart() throws Exception {
        ObjectNode a = AlertmanagerAlerts.of(Json.mapper().readTree(FIRING), CONFIG, NOW);
        JsonNode labels = a.get("labels");
        assertEquals("ReconAnomaly", labels.get("alertname").asText());
        assertEquals("web 2", labels.get("key").asText());
        assertEquals("m1", labels.get("model").asText());
        assertEquals("page", labels.get("severity").asText());
        assertEquals(4, labels.size(), "labels are what identifies the alert: nothing that changes while it fires");
        JsonNode ann = a.get("annotations");
        assertEquals("web 2 is anomalous (model m1): cpu 81.37, expected 38.12; load 3.41, expected 0.92",
                ann.get("summary").asText());
        assertEquals("9.87", ann.get("score").asText());
        assertEquals("1.200e-07", ann.get("tail_probability").asText());
        assertEquals("v7", ann.get("model_version").asText());
        assertTrue(ann.get("top_features").asText().startsWith("cpu: observed 81.37, expected 38.12, 81% of the error\n"),
                ann.get("top_features").asText());
        assertEquals("2026-12-01T03:28:00Z", a.get("startsAt").asText(), "the episode's start, from the record");
        assertFalse(a.has("endsAt"));
        assertEquals("http://grafana:3000/d/recon?var-key=web+2&var-model=m1", a.get("generatorURL").asText());
    }

    @Test
    void aResolvedAlertEndsAtItsEpisodesEnd() throws Exception {
        String resolved = FIRING.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
                .replace("\"peak_score\":9.87}", "\"peak_score\":9.87,\"ended\":1796095800000}");
        ObjectNode a = AlertmanagerAlerts.of(Json.mapper().readTree(resolved), CONFIG, NOW);
        assertEquals("2026-12-01T03:28:00Z", a.get("startsAt").asText());
        assertEquals("2026-12-01T03:30:00Z", a.get("endsAt").asText());
    }

    @Test
    void anEpisodeTimedAheadOfTheClockStartsNowAndNeverEndsBeforeItStarts() throws Exception {
        long now = 1796095680000L - 600_000; // the records' clock runs ten minutes ahead of Recon's
        ObjectNode firing = AlertmanagerAlerts.of(Json.mapper().readTree(FIRING), CONFIG, now);
        assertEquals("2026-12-01T03:18:00Z", firing.get("startsAt").asText(), "Alertmanager keeps wall-clock time");
        String resolved = FIRING.replace("\"status\":\"firing\"", "\"status\":\"resolved\"")
                .replace("\"peak_score\":9.87}", "\"peak_score\":9.87,\"ended\":1796095800000}");
        ObjectNode r = AlertmanagerAlerts.of(Json.mapper().readTree(resolved), CONFIG, now);
        assertEquals("2026-12-01T03:18:00Z", r.get("endsAt").asText(), "ends now, not in the future");
        assertEquals(r.get("startsAt").asText(), r.get("endsAt").asText(), "and not before it starts");
    }

    @Test
    void aDroppedSeriesIsAnAlertOfItsOwnThatEndsWhenTheFeatureIsBack() throws Exception {
        String firing = "{\"key\":\"web-2\",\"timestamp\":1796095980000,\"status\":\"firing\",\"kind\":\"dropped_series\","
                + "\"feature\":\"mem.used_percent\",\"since\":1796095740000,\"records\":5,\"model\":\"hosts\","
                + "\"model_version\":\"v7\",\"format\":3}";
        ObjectNode a = AlertmanagerAlerts.of(Json.mapper().readTree(firing), CONFIG, NOW);
        assertEquals("ReconSeriesDropped", a.get("labels").get("alertname").asText());
        assertEquals("mem.used_percent", a.get("labels").get("feature").asText(), "apart from the key's anomaly alert");
        assertEquals("web-2", a.get("labels").get("key").asText());
        assertTrue(a.get("annotations").get("summary").asText().startsWith("web-2 stopped sending mem.used_percent "
                + "(model hosts): missing from its records since 2026-12-01T03:29:00Z"), a.toString());
        assertEquals("2026-12-01T03:29:00Z", a.get("startsAt").asText());
        assertFalse(a.has("endsAt"));
        String resolved = firing.replace("\"firing\"", "\"resolved\"").replace("1796095980000", "1796096100000");
        assertEquals("2026-12-01T03:35:00Z", AlertmanagerAlerts.of(Json.mapper().readTree(resolved), CONFIG, NOW)
                .get("endsAt").asText());
    }

    @Test
    void formatOneAlertsAndOtherRecordsAreHandled() throws Exception {
        String v1 = "{\"key\":\"h\",\"timestamp\":1796095680000,\"status\":\"firing\",\"score\":2.0,\"threshold\":1.0,"
                + "\"model\":\"m\",\"model_version\":\"v\",\"top_features\":[{\"feature\":\"cpu\",\"error\":4.5}]}";
        ObjectNode a = AlertmanagerAlerts.of(Json.mapper().readTree(v1), CONFIG, NOW);
        assertEquals("h is anomalous (model m): cpu (error 4.5)", a.get("annotations").get("summary").asText());
        assertEquals("2026-12-01T03:28:00Z", a.get("startsAt").asText(), "the record's time when there is no episode");
        assertNull(AlertmanagerAlerts.of(Json.mapper().readTree("{\"key\":\"h\"}"), CONFIG, NOW));
    }

    @Test
    void settingsAreCheckedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> CONFIG.withUrls(List.of(URI.create("127.0.0.1:9093"))));
        assertThrows(IllegalArgumentException.class, () -> new AlertmanagerConfig(List.of(URI.create("http://a:9093")),
                "user", "pw", "token", null, false, "warning", "", 60_000, 10_000));
    }
}
