package io.recon.streaming.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What Recon's HTTP peers (Alertmanager, a schema registry) share: a client that trusts what the settings say,
 * basic auth or a bearer token, and one-line descriptions of failures.
 */
public final class HttpPeers {
    private HttpPeers() {}

    /**
     * A client that trusts the certificates of a PEM file, or every certificate ({@code insecure}, for tests), or
     * the JVM's trust store (neither).
     *
     * @param setting the setting that names {@code caFile}, for the message when it cannot be read
     * @throws IllegalArgumentException naming the setting when the file cannot be read
     */
    public static java.net.http.HttpClient client(Path caFile, boolean insecure, Duration connectTimeout, String setting) {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout);
        try {
            if (insecure) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
                b.sslContext(ctx);
            } else if (caFile != null) {
                b.sslContext(trusting(caFile));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(setting + ": " + caFile + ": " + e.getMessage(), e);
        }
        return b.build();
    }

    /** Basic auth when a user is set, else a bearer token when one is set, else nothing. */
    public static HttpRequest.Builder authorize(HttpRequest.Builder r, String username, String password, String bearerToken) {
        if (!username.isEmpty()) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        } else if (!bearerToken.isEmpty()) {
            r.header("Authorization", "Bearer " + bearerToken);
        }
        return r;
    }

    /** An answer that is not a success, in one line: {@code HTTP 503} and the start of its body. */
    public static String status(HttpResponse<String> r) {
        String text = r.body() == null ? "" : r.body().strip();
        return "HTTP " + r.statusCode() + (text.isEmpty() ? "" : " " + text.substring(0, Math.min(200, text.length())));
    }

    /** A request that got no answer, in one line. */
    public static String describe(IOException e, long timeoutMs) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in " + timeoutMs / 1000 + " s";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static SSLContext trusting(Path pem) throws GeneralSecurityException, IOException {
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

    /** No certificate checks, for tests. */
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
