package io.recon.streaming.delivery;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how alerts go to Prometheus Alertmanager (API v2).
 *
 * @param urls base URLs of the Alertmanager instances (an HA cluster: every alert goes to each); empty = off
 * @param username basic auth user (empty = none), with {@code password}
 * @param bearerToken a bearer token (empty = none)
 * @param caFile PEM certificates to trust for https (null = the JVM's trust store)
 * @param insecure skip certificate checks (tests only)
 * @param severity the {@code severity} label
 * @param generatorUrl a link per alert, {@code {key}} and {@code {model}} replaced (URL-encoded); empty = none
 * @param resendMs how often alerts still firing are sent again (Alertmanager ends an alert not re-sent within its
 *     {@code resolve_timeout}, 5 min by default)
 * @param timeoutMs one request's time limit
 */
public record AlertmanagerConfig(List<URI> urls, String username, String password, String bearerToken, Path caFile,
        boolean insecure, String severity, String generatorUrl, long resendMs, long timeoutMs) {
    public AlertmanagerConfig {
        urls = List.copyOf(urls);
        for (URI u : urls) {
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("recon.alertmanager.url: '" + u + "' is not an http(s) URL "
                        + "(e.g. http://127.0.0.1:9093)");
            }
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        bearerToken = bearerToken == null ? "" : bearerToken;
        if (!username.isEmpty() && !bearerToken.isEmpty()) {
            throw new IllegalArgumentException("recon.alertmanager: give basic auth or a bearer token, not both");
        }
        severity = severity == null || severity.isBlank() ? "warning" : severity.trim();
        generatorUrl = generatorUrl == null ? "" : generatorUrl.trim();
        if (resendMs < 1000 || timeoutMs < 100) {
            throw new IllegalArgumentException("recon.alertmanager.resend must be at least 1 s");
        }
    }

    /** Delivery is off. */
    public static AlertmanagerConfig off() {
        return new AlertmanagerConfig(List.of(), "", "", "", null, false, "warning", "", 60_000, 10_000);
    }

    public boolean on() {
        return !urls.isEmpty();
    }

    /** The same, for other URLs (tests). */
    public AlertmanagerConfig withUrls(List<URI> other) {
        return new AlertmanagerConfig(other, username, password, bearerToken, caFile, insecure, severity, generatorUrl,
                resendMs, timeoutMs);
    }
}
