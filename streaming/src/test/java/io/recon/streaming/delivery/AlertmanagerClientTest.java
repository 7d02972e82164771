package io.recon.streaming.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a post's outcome says, against an in-process stand-in answering as Alertmanager does: 200, or 400 with its
 * validation message when an alert is invalid (it keeps the valid ones), or 500.
 */
class AlertmanagerClientTest {
    @Test
    void aBadRequestIsARefusalAndOtherFailuresAreNot() throws Exception {
        int[] status = {200};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/alerts", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = (status[0] == 400 ? "start time must be before end time" : "").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status[0], body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            AlertmanagerClient client = new AlertmanagerClient(new AlertmanagerConfig(List.of(url), "", "", "", null, false,
                    "warning", "", 60_000, 5_000));
            ArrayNode alerts = JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode());
            AlertmanagerClient.Outcome ok = client.post(alerts);
            assertTrue(ok.ok());
            assertFalse(ok.refused());

            status[0] = 400;
            AlertmanagerClient.Outcome refused = client.post(alerts);
            assertFalse(refused.ok());
            assertTrue(refused.refused(), "posting it again never succeeds");
            assertTrue(refused.failures().get(0).contains("HTTP 400 start time must be before end time"), refused.toString());

            status[0] = 500;
            AlertmanagerClient.Outcome failed = client.post(alerts);
            assertFalse(failed.ok());
            assertFalse(failed.refused(), "a server error is retried");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusalNeedsEveryInstanceToRefuse() {
        assertTrue(new AlertmanagerClient.Outcome(0, 2, List.of("a: HTTP 400", "b: HTTP 400")).refused());
        assertFalse(new AlertmanagerClient.Outcome(0, 1, List.of("a: HTTP 400", "b: connection refused")).refused(),
                "one instance down: retried until it answers");
        assertFalse(new AlertmanagerClient.Outcome(1, 1, List.of("b: HTTP 400")).refused());
    }
}
