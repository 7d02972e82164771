package io.recon.streaming.topology;

import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.scoring.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Picks the model for a record: by input topic (exact name), by key or by a field's string value
 * (regular expressions), first matching rule wins; records no rule matches go to the fallback model
 * (default: the primary one; {@code none} dead-letters them). Rules: {@code pattern=model;pattern=model}.
 */
final class Router {
    private record Rule(Pattern pattern, String topic, String model) {}

    private final String by;
    private final String field;
    private final List<Rule> rules = new ArrayList<>();
    private final String fallback;
    private final ModelRegistry registry;
    private final JsonScanner scanner = new JsonScanner(); // routers are per processor, so thread-confined

    Router(ServeConfig c, ModelRegistry registry) {
        this.by = c.routeBy();
        this.field = "key".equals(by) ? "key" : c.routeField();
        this.registry = registry;
        this.fallback = c.routeFallback();
        if (!c.routeRules().isEmpty()) {
            for (String rule : c.routeRules().split(";")) {
                int eq = rule.lastIndexOf('=');
                if (eq <= 0 || eq == rule.length() - 1) {
                    throw new IllegalArgumentException("recon.route.rules: '" + rule + "' is not pattern=model");
                }
                String pattern = rule.substring(0, eq).trim();
                String model = rule.substring(eq + 1).trim();
                rules.add(new Rule("topic".equals(by) ? null : Pattern.compile(pattern), pattern, model));
            }
        }
    }

    /** The model name for a record, or null when it has none. */
    String route(String topic, byte[] value, byte[] kafkaKey) {
        if (!"none".equals(by) && !rules.isEmpty()) {
            String subject = switch (by) {
                case "topic" -> topic;
                case "key" -> {
                    String k = scanner.topLevelString(value, "key");
                    yield k != null ? k : kafkaKey == null ? null : new String(kafkaKey, StandardCharsets.UTF_8);
                }
                default -> scanner.topLevelString(value, field);
            };
            if (subject != null) {
                for (Rule r : rules) {
                    boolean match = r.pattern() == null ? r.topic().equals(subject) : r.pattern().matcher(subject).matches();
                    if (match && registry.holder(r.model()) != null) {
                        return r.model();
                    }
                }
            }
        }
        if ("none".equals(fallback)) {
            return null;
        }
        return fallback.isEmpty() ? registry.primary() : registry.holder(fallback) != null ? fallback : registry.primary();
    }
}
