package io.recon.streaming.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for a registry's {@code GET /schemas/ids/{id}}, for unit tests of the client's waiting and
 * of the avro reader (the integration tests use a real Apicurio Registry). Answers as the Confluent API does:
 * 200 with {@code {"schema": "..."}}, or 404 with {@code error_code} 40403.
 */
public final class StandInRegistry implements AutoCloseable {
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    public final AtomicInteger requests = new AtomicInteger();
    /** The Authorization header of the last request, or null. */
    public volatile String authorization;
    private HttpServer server;
    private int port;

    public StandInRegistry() throws IOException {
        start(0);
    }

    public void put(int id, String schema) {
        schemas.put(id, schema);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public RegistrySettings settings() {
        return new RegistrySettings(java.util.List.of(java.net.URI.create(url())), "", "", "", null, false, 2_000);
    }

    private void start(int at) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
        server.createContext("/schemas/ids/", ex -> {
            requests.incrementAndGet();
            authorization = ex.getRequestHeaders().getFirst("Authorization");
            String path = ex.getRequestURI().getPath();
            int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            String s = schemas.get(id);
            String body = s == null ? "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}"
                    : "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(s) + "}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(s == null ? 404 : 200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops answering (connections refused). */
    public void stop() {
        server.stop(0);
    }

    /** Answers again, on the same port. */
    public void restart() throws IOException {
        start(port);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
