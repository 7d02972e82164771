package io.recon.streaming.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Routing settings, parsed and checked once when the configuration is read (so a bad rule stops the
 * service before it starts instead of failing every stream task). Rules are {@code pattern=model;...}:
 * exact topic names for {@code by=topic}, regular expressions over the key or a field's string value
 * otherwise; the first matching rule wins.
 *
 * @param by none, key, topic or field
 * @param field the top-level field read when {@code by=field}
 * @param fallback model for records no rule matches: empty = the primary model, {@code none} = dead letter
 */
public record Routes(String by, String field, List<Rule> rules, String fallback) {
    public static final List<String> BY = List.of("none", "key", "topic", "field");

    /** One rule: a pattern (null for topic rules) or an exact topic name, and the model it sends to. */
    public record Rule(Pattern pattern, String topic, String model) {
        boolean matches(String subject) {
            return pattern == null ? topic.equals(subject) : pattern.matcher(subject).matches();
        }
    }

    public Routes {
        if (!BY.contains(by)) {
            throw new IllegalArgumentException("recon.route.by must be one of " + BY + ", got " + by);
        }
        if ("field".equals(by) && (field == null || field.isBlank())) {
            throw new IllegalArgumentException("recon.route.by=field needs recon.route.field");
        }
        field = "key".equals(by) ? "key" : field == null ? "" : field.trim();
        rules = List.copyOf(rules);
        fallback = fallback == null ? "" : fallback.trim();
    }

    /** Parses {@code recon.route.rules}; a malformed rule or regular expression is a one-line error. */
    public static Routes parse(String by, String field, String rules, String fallback) {
        List<Rule> parsed = new ArrayList<>();
        String text = rules == null ? "" : rules.trim();
        if (!text.isEmpty()) {
            for (String rule : text.split(";")) {
                int eq = rule.lastIndexOf('=');
                if (eq <= 0 || eq == rule.length() - 1) {
                    throw new IllegalArgumentException("recon.route.rules: '" + rule.trim() + "' is not pattern=model");
                }
                String pattern = rule.substring(0, eq).trim();
                String model = rule.substring(eq + 1).trim();
                Pattern compiled = null;
                if (!"topic".equals(by)) {
                    try {
                        compiled = Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("recon.route.rules: '" + pattern
                                + "' is not a valid regular expression (" + e.getDescription() + " near index "
                                + e.getIndex() + ")");
                    }
                }
                parsed.add(new Rule(compiled, pattern, model));
            }
        }
        return new Routes(by, field, parsed, fallback);
    }

    public static Routes none() {
        return new Routes("none", "", List.of(), "");
    }
}
