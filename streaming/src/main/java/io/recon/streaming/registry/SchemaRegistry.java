package io.recon.streaming.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recon.streaming.http.HttpPeers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of a Confluent-compatible schema registry's REST API: schemas by id ({@code GET /schemas/ids/{id}}),
 * cached for good (an id's schema never changes), and registration under a subject
 * ({@code POST /subjects/{subject}/versions}). Thread-safe; one per service, shared by every task.
 *
 * <p>A lookup that cannot reach the registry (refused, timed out, HTTP 5xx, 401 or 403) waits and tries again, the
 * configured URLs in turn, with back-off from {@value #FIRST_BACKOFF_MS} ms to {@value #MAX_BACKOFF_MS} ms, for as
 * long as the caller allows: a record is never rejected because the registry is down. While it waits,
 * {@link #status()} says why (for {@code /health}) and {@link #waiting()} is true (a metric).
 */
public final class SchemaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);
    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;
    /** How long an id the registry did not know stays known as unknown (it may be registered later). */
    static final long UNKNOWN_TTL_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A registered schema: its text and type ({@code AVRO} unless the registry says otherwise). */
    public record Schema(int id, String type, String text) {}

    private final RegistrySettings settings;
    private final HttpClient http;
    private final LongSupplier clock;
    private final Map<Integer, Schema> known = new ConcurrentHashMap<>();
    private final Map<Integer, Long> unknownUntil = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();
    private volatile long unreachableSince = -1;
    private volatile String lastError = "";
    private volatile long lastWarnedAt = Long.MIN_VALUE;
    private volatile boolean closed;

    public SchemaRegistry(RegistrySettings settings) {
        this(settings, System::currentTimeMillis);
    }

    SchemaRegistry(RegistrySettings settings, LongSupplier clock) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("the avro input format needs a schema registry: set recon.schema.registry.url "
                    + "(--schema-registry-url http://HOST:8081)");
        }
        this.settings = settings;
        this.clock = clock;
        this.http = HttpPeers.client(settings.caFile(), settings.insecure(), Duration.ofMillis(settings.timeoutMs()),
                "recon.schema.registry.tls.ca");
    }

    public RegistrySettings settings() {
        return settings;
    }

    /**
     * The schema of an id: from the cache, or fetched, waiting for the registry as long as it is unreachable.
     *
     * @param maxWaitMs how long to wait for an unreachable registry ({@code Long.MAX_VALUE}: until it answers or this
     *     client is closed)
     * @return the schema, or null when the registry answered that it has no schema of that id
     * @throws RegistryUnavailableException when the wait is over or this client was closed
     */
    public Schema byId(int id, long maxWaitMs) {
        Schema s = known.get(id);
        if (s != null) {
            return s;
        }
        Long until = unknownUntil.get(id);
        if (until != null && clock.getAsLong() < until) {
            return null;
        }
        long start = clock.getAsLong();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            if (closed) {
                throw new RegistryUnavailableException("schema registry client closed while looking up schema " + id);
            }
            Answer a = fetch(id);
            if (a.reached) {
                recovered();
                if (a.schema == null) {
                    unknownUntil.put(id, clock.getAsLong() + UNKNOWN_TTL_MS);
                    return null;
                }
                known.put(id, a.schema);
                unknownUntil.remove(id);
                return a.schema;
            }
            unreachable(a.error);
            if (clock.getAsLong() - start >= maxWaitMs) {
                throw new RegistryUnavailableException("schema registry " + settings + " unreachable for "
                        + (clock.getAsLong() - start) / 1000 + " s: " + a.error);
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** What one round over the URLs gave: a schema, a clear "not found" (reached, no schema), or an error. */
    private record Answer(boolean reached, Schema schema, String error) {}

    private Answer fetch(int id) {
        lookups.incrementAndGet();
        StringBuilder errors = new StringBuilder();
        for (URI base : settings.urls()) {
            try {
                HttpResponse<String> r = http.send(request(base, "schemas/ids/" + id).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode body = JSON.readTree(r.body());
                    JsonNode text = body.get("schema");
                    if (text == null || !text.isTextual()) {
                        return new Answer(true, null, "");
                    }
                    JsonNode type = body.get("schemaType");
                    return new Answer(true, new Schema(id, type == null || type.isNull() ? "AVRO" : type.asText(), text.asText()),
                            "");
                }
                if (r.statusCode() == 404) {
                    return new Answer(true, null, "");
                }
                errors.append(errors.length() > 0 ? "; " : "").append(base).append(": ").append(httpError(r));
            } catch (IOException e) {
                errors.append(errors.length() > 0 ? "; " : "").append(base).append(": ").append(HttpPeers.describe(e, settings.timeoutMs()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while looking up schema " + id);
            }
        }
        failures.incrementAndGet();
        return new Answer(false, null, errors.toString());
    }

    /**
     * Registers a schema under a subject (or finds it registered) and returns its id; one try per URL, no waiting.
     *
     * @throws RegistryUnavailableException naming each URL's failure
     */
    public int register(String subject, String schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema);
        StringBuilder errors = new StringBuilder();
        for (URI base : settings.urls()) {
            try {
                HttpResponse<String> r = http.send(request(base, "subjects/" + java.net.URLEncoder.encode(subject,
                        StandardCharsets.UTF_8) + "/versions").header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    JsonNode id = JSON.readTree(r.body()).get("id");
                    if (id != null && id.canConvertToInt()) {
                        return id.asInt();
                    }
                    throw new RegistryUnavailableException(base + ": no id in the answer: " + r.body());
                }
                if (r.statusCode() == 409 || r.statusCode() == 422) {
                    throw new IllegalArgumentException("the registry refused the schema for subject " + subject + ": "
                            + httpError(r));
                }
                errors.append(errors.length() > 0 ? "; " : "").append(base).append(": ").append(httpError(r));
            } catch (IOException e) {
                errors.append(errors.length() > 0 ? "; " : "").append(base).append(": ").append(HttpPeers.describe(e, settings.timeoutMs()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while registering a schema");
            }
        }
        throw new RegistryUnavailableException("cannot register the schema of subject " + subject + ": " + errors);
    }

    private HttpRequest.Builder request(URI base, String path) {
        String b = base.toString();
        URI uri = URI.create(b.endsWith("/") ? b + path : b + "/" + path);
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(settings.timeoutMs()))
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        HttpPeers.authorize(r, settings.username(), settings.password(), settings.bearerToken());
        return r;
    }

    private static String httpError(HttpResponse<String> r) {
        return HttpPeers.status(r) + (r.statusCode() == 401 || r.statusCode() == 403
                ? " (check recon.schema.registry.username/password or bearer.token)" : "");
    }

    private void unreachable(String error) {
        long now = clock.getAsLong();
        lastError = error;
        if (unreachableSince < 0) {
            unreachableSince = now;
            lastWarnedAt = now;
            LOG.warn("schema registry unreachable, waiting for it (no record is dropped meanwhile): {}", error);
        } else if (now - lastWarnedAt >= 60_000) {
            lastWarnedAt = now;
            LOG.warn("schema registry unreachable for {} s, still waiting: {}", (now - unreachableSince) / 1000, error);
        }
    }

    private void recovered() {
        if (unreachableSince >= 0) {
            LOG.info("schema registry reachable again after {} s", (clock.getAsLong() - unreachableSince) / 1000);
            unreachableSince = -1;
            lastError = "";
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting for the schema registry");
        }
    }

    /** True while a lookup waits for an unreachable registry. */
    public boolean waiting() {
        return unreachableSince >= 0;
    }

    /** Lookups that found no registry answering, counted once per round over the URLs. */
    public long failures() {
        return failures.get();
    }

    /** Schemas fetched from the registry (not from the cache). */
    public long fetched() {
        return lookups.get();
    }

    /** One line for {@code /health}. */
    public String status() {
        long since = unreachableSince;
        return since < 0 ? "schema registry: ok (" + known.size() + " schemas cached)"
                : "schema registry: unreachable for " + (clock.getAsLong() - since) / 1000 + " s, records wait for it ("
                        + lastError + ")";
    }

    /** Ends every wait: lookups then throw {@link RegistryUnavailableException}. */
    @Override
    public void close() {
        closed = true;
    }
}
