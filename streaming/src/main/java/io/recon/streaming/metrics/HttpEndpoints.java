package io.recon.streaming.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /metrics} (Prometheus text), {@code /health} (alive) and {@code /ready} (consuming with a model). */
public final class HttpEndpoints implements AutoCloseable {
    private final HttpServer server;

    public HttpEndpoints(String host, int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready)
            throws IOException {
        this(host, port, metrics, healthy, ready, () -> "");
    }

    /**
     * @param detail further lines for {@code /health}'s body (the state of alert delivery, say): shown, not
     *     judged, so that a peer's outage does not make an orchestrator restart the scorer
     */
    public HttpEndpoints(String host, int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready,
            Supplier<String> detail) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext("/health", ex -> {
            boolean ok = healthy.getAsBoolean();
            String more = detail.get();
            respond(ex, ok ? 200 : 503, "text/plain", (ok ? "ok\n" : "not ready\n") + (more.isEmpty() ? "" : more + "\n"));
        });
        server.createContext("/ready", ex -> status(ex, ready.getAsBoolean()));
        server.createContext("/", ex -> respond(ex, 404, "text/plain", "Recon: see /metrics, /health, /ready\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recon-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
