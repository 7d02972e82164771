package io.recon.streaming.routing;

import io.recon.streaming.input.JsonScanner;
import io.recon.streaming.scoring.ModelRegistry;
import java.nio.charset.StandardCharsets;

/**
 * Picks the model for a record ({@link Routes}): by input topic, by key or by a field's string value,
 * first matching rule whose model is served wins; records no rule matches go to the fallback model
 * (default: the primary one; {@code none} dead-letters them). It reads only the routing field, in the
 * same scoring step that then parses the record for its model.
 */
public final class Router {
    private final Routes routes;
    private final ModelRegistry registry;
    private final JsonScanner scanner = new JsonScanner(); // one per pipeline, used by one batch at a time

    public Router(Routes routes, ModelRegistry registry) {
        this.routes = routes;
        this.registry = registry;
    }

    /** The model name for a record, or null when it has none. */
    public String route(String topic, byte[] value, byte[] kafkaKey) {
        String by = routes.by();
        if ("none".equals(by) || routes.rules().isEmpty()) {
            return ruled(null);
        }
        return ruled(switch (by) {
            case "topic" -> topic;
            case "key" -> {
                String k = scanner.topLevelString(value, "key");
                yield k != null ? k : kafkaKey == null ? null : new String(kafkaKey, StandardCharsets.UTF_8);
            }
            default -> scanner.topLevelString(value, routes.field());
        });
    }

    /**
     * The model name for an assembled vector of entity {@code key}: routed by its key; it has no fields, and its
     * samples may come from several topics, so routing by field or topic sends it to the fallback model.
     */
    public String routeVector(String key) {
        return ruled("key".equals(routes.by()) ? key : null);
    }

    private String ruled(String subject) {
        if (subject != null) {
            for (Routes.Rule r : routes.rules()) {
                if (r.matches(subject) && registry.holder(r.model()) != null) {
                    return r.model();
                }
            }
        }
        String fallback = routes.fallback();
        if ("none".equals(fallback)) {
            return null;
        }
        return fallback.isEmpty() ? registry.primary() : registry.holder(fallback) != null ? fallback : registry.primary();
    }
}
