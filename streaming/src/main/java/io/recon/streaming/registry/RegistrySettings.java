package io.recon.streaming.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the schema registry is and how to reach it ({@code recon.schema.registry.*}).
 *
 * @param urls base URLs of a Confluent-compatible API (Confluent Schema Registry's root, Apicurio's
 *     {@code /apis/ccompat/v7}); tried in turn
 * @param caFile PEM certificates to trust for https, or null for the JVM's trust store
 * @param insecure trust any certificate (tests only)
 * @param timeoutMs connect and request timeout of one try
 */
public record RegistrySettings(List<URI> urls, String username, String password, String bearerToken, Path caFile,
        boolean insecure, long timeoutMs) {
    public RegistrySettings {
        urls = List.copyOf(urls);
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        bearerToken = bearerToken == null ? "" : bearerToken;
        for (URI u : urls) {
            if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
                throw new IllegalArgumentException("recon.schema.registry.url: '" + u + "' is not an http(s) URL");
            }
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("the registry timeout must be positive");
        }
    }

    public boolean configured() {
        return !urls.isEmpty();
    }

    /** The settings for people: the URLs, never a secret. */
    @Override
    public String toString() {
        return urls.toString();
    }
}
