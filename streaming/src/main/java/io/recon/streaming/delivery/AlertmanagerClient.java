package io.recon.streaming.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Posts alerts to every configured Alertmanager ({@code POST /api/v2/alerts}), with basic auth, a bearer token, TLS. */
public final class AlertmanagerClient {
    private final AlertmanagerConfig config;
    private final HttpClient http;

    public AlertmanagerClient(AlertmanagerConfig config) {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMs()));
        try {
            if (config.insecure()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
                b.sslContext(ctx);
            } else if (config.caFile() != null) {
                b.sslContext(trusting(config.caFile()));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("recon.alertmanager.tls.ca: " + config.caFile() + ": " + e.getMessage(), e);
        }
        this.http = b.build();
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

    private static SSLContext trusting(java.nio.file.Path pem) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** recon.alertmanager.tls.insecure: no certificate checks, for tests. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
