package io.recon.streaming.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** HTTP clients for Recon's peers over http or https (Alertmanager, a schema registry): whom to trust. */
public final class Tls {
    private Tls() {}

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
