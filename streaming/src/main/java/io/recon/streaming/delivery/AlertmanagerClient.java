package io.recon.streaming.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.recon.streaming.http.HttpPeers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Posts alerts to every configured Alertmanager ({@code POST /api/v2/alerts}), with basic auth, a bearer token, TLS. */
final class AlertmanagerClient {
    private final AlertmanagerConfig config;
    private final HttpClient http;

    public AlertmanagerClient(AlertmanagerConfig config) {
        this.config = config;
        this.http = HttpPeers.client(config.caFile(), config.insecure(), Duration.ofMillis(config.timeoutMs()),
                "recon.alertmanager.tls.ca");
    }

    /**
     * The outcome of one post: how many instances accepted it, how many refused it as invalid (HTTP 400: Alertmanager
     * validates each alert, keeps the valid ones and names the others; posting those again never succeeds), and why
     * the others did not accept it.
     */
    public record Outcome(int accepted, int invalid, List<String> failures) {
        public boolean ok() {
            return accepted > 0;
        }

        /** Every instance answered that something in the post is invalid. */
        public boolean refused() {
            return accepted == 0 && invalid > 0 && invalid == failures.size();
        }
    }

    /** Posts {@code alerts} to each instance; accepted when at least one instance answers 2xx (they gossip). */
    public Outcome post(ArrayNode alerts) throws InterruptedException {
        byte[] body = alerts.toString().getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        int invalid = 0;
        List<String> failures = new ArrayList<>();
        for (URI base : config.urls()) {
            URI uri = base.resolve(base.getPath().endsWith("/") ? "api/v2/alerts" : base.getPath() + "/api/v2/alerts");
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(config.timeoutMs()))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            HttpPeers.authorize(r, config.username(), config.password(), config.bearerToken());
            try {
                HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() / 100 == 2) {
                    accepted++;
                } else {
                    invalid += resp.statusCode() == 400 ? 1 : 0;
                    failures.add(base + ": " + HttpPeers.status(resp));
                }
            } catch (IOException e) {
                failures.add(base + ": " + HttpPeers.describe(e, config.timeoutMs()));
            }
        }
        return new Outcome(accepted, invalid, failures);
    }
}
