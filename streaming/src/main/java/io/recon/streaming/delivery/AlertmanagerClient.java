package io.recon.streaming.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.recon.streaming.http.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Posts alerts to every configured Alertmanager ({@code POST /api/v2/alerts}), with basic auth, a bearer token, TLS. */
public final class AlertmanagerClient {
    private final AlertmanagerConfig config;
    private final HttpClient http;

    public AlertmanagerClient(AlertmanagerConfig config) {
        this.config = config;
        this.http = Tls.client(config.caFile(), config.insecure(), Duration.ofMillis(config.timeoutMs()),
                "recon.alertmanager.tls.ca");
    }

    /** The outcome of one post: how many instances accepted it, and why the others did not. */
    public record Outcome(int accepted, List<String> failures) {
        public boolean ok() {
            return accepted > 0;
        }
    }

    /** Posts {@code alerts} to each instance; accepted when at least one instance answers 2xx (they gossip). */
    public Outcome post(ArrayNode alerts) throws InterruptedException {
        byte[] body = alerts.toString().getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        List<String> failures = new ArrayList<>();
        for (URI base : config.urls()) {
            URI uri = base.resolve(base.getPath().endsWith("/") ? "api/v2/alerts" : base.getPath() + "/api/v2/alerts");
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(config.timeoutMs()))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (!config.username().isEmpty()) {
                r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((config.username() + ":"
                        + config.password()).getBytes(StandardCharsets.UTF_8)));
            } else if (!config.bearerToken().isEmpty()) {
                r.header("Authorization", "Bearer " + config.bearerToken());
            }
            try {
                HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() / 100 == 2) {
                    accepted++;
                } else {
                    String text = resp.body() == null ? "" : resp.body().strip();
                    failures.add(base + ": HTTP " + resp.statusCode() + (text.isEmpty() ? "" : " "
                            + text.substring(0, Math.min(200, text.length()))));
                }
            } catch (java.net.ConnectException e) {
                failures.add(base + ": connection refused");
            } catch (java.net.http.HttpTimeoutException e) {
                failures.add(base + ": no answer in " + config.timeoutMs() / 1000 + " s");
            } catch (IOException e) {
                failures.add(base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        return new Outcome(accepted, failures);
    }
}
