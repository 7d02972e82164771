package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Names entities, series and features from a sample's labels, the same way for every shipper format.
 *
 * <ul>
 *   <li>The entity is the values of the entity labels that are set, joined with {@code ,}; when none is set,
 *       the Kafka record's key; when there is none either, the sample is rejected ({@code no_entity}).
 *   <li>A series is the metric's name and its other labels, sorted by name, as PromQL writes them:
 *       {@code node_cpu_seconds_total{cpu="0",mode="user"}} (values escaped as in Prometheus' text format).
 *   <li>Its feature is the same with only the chosen feature labels ({@code --feature-labels}); a counter's
 *       feature is {@code rate(...)} of it, in units per second.
 * </ul>
 *
 * A sample with more than {@value #MAX_LABELS} labels or a series name over {@value #MAX_NAME_CHARS} characters is
 * rejected ({@code labels_too_large}): each series holds state, so unbounded names are a way to exhaust memory.
 */
public final class SeriesNames {
    public static final int MAX_LABELS = 64;
    public static final int MAX_NAME_CHARS = 1024;
    public static final int MAX_ENTITY_BYTES = 1024;

    /** A reusable list of labels (name, value) in arrival order. */
    public static final class Labels {
        private String[] keys = new String[16];
        private String[] values = new String[16];
        private int n;

        public void clear() {
            n = 0;
        }

        public void add(String key, String value) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            keys[n] = key;
            values[n] = value;
            n++;
        }

        public int size() {
            return n;
        }

        public String key(int i) {
            return keys[i];
        }

        public String value(int i) {
            return values[i];
        }

        /** The value of a label, or null. */
        public String get(String key) {
            for (int i = 0; i < n; i++) {
                if (keys[i].equals(key)) {
                    return values[i];
                }
            }
            return null;
        }
    }

    private final List<String> entityLabels;
    private final Set<String> featureLabels;
    private final boolean allFeatureLabels;
    private final Set<String> dropped;
    private final int[] order = new int[MAX_LABELS];
    private final StringBuilder sb = new StringBuilder(128);
    private String lastEntityValue;
    private byte[] lastKafkaKey;
    private String lastKafkaKeyString;

    /**
     * @param defaultEntityLabels the format's entity labels when the settings name none
     * @param dropped labels never named in series (the metric name's own label, labels that only repeat the entity)
     */
    public SeriesNames(InputSettings settings, List<String> defaultEntityLabels, Set<String> dropped) {
        this.entityLabels = settings.entityLabels().isEmpty() ? List.copyOf(defaultEntityLabels) : settings.entityLabels();
        this.allFeatureLabels = settings.featureLabels().isEmpty();
        this.featureLabels = settings.featureLabels().contains("none") ? Set.of() : Set.copyOf(settings.featureLabels());
        this.dropped = Set.copyOf(dropped);
    }

    public List<String> entityLabels() {
        return entityLabels;
    }

    /**
     * The entity of a sample: its entity labels' values (from {@code scope}, then {@code point}), else the Kafka key;
     * null when it has neither.
     */
    public String entity(Labels scope, Labels point, byte[] kafkaKey) {
        String single = null;
        StringBuilder joined = null;
        for (String l : entityLabels) {
            String v = scope == null ? null : scope.get(l);
            if (v == null && point != null) {
                v = point.get(l);
            }
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (single == null) {
                single = v;
            } else {
                if (joined == null) {
                    joined = new StringBuilder(single);
                }
                joined.append(',').append(v);
            }
        }
        if (joined != null) {
            return joined.toString();
        }
        if (single != null) {
            // the same entity comes record after record: keep its string (and its cached hash code)
            if (single.equals(lastEntityValue)) {
                return lastEntityValue;
            }
            lastEntityValue = single;
            return single;
        }
        if (kafkaKey == null || kafkaKey.length == 0) {
            return null;
        }
        if (kafkaKey != lastKafkaKey && !Arrays.equals(kafkaKey, lastKafkaKey)) {
            lastKafkaKey = kafkaKey;
            lastKafkaKeyString = new String(kafkaKey, StandardCharsets.UTF_8);
        }
        return lastKafkaKeyString;
    }

    /** Why a sample's labels are not acceptable, or null. */
    public Rejection check(String metric, Labels point) {
        if (metric == null || metric.isEmpty()) {
            return Rejection.of(DeadLetterReason.MISSING_FIELD, "a sample has no metric name");
        }
        if (point != null && point.size() > MAX_LABELS) {
            return Rejection.of(DeadLetterReason.LABELS_TOO_LARGE, metric(metric) + " has " + point.size() + " labels; at most "
                    + MAX_LABELS + " are read");
        }
        return null;
    }

    /** The series' name: the metric and every label but the entity's and the dropped ones. */
    public String series(String metric, Labels point) {
        return name(metric, point, true);
    }

    /** The feature's name: the metric and the chosen feature labels; {@code series} itself when all are kept. */
    public String feature(String series, String metric, Labels point) {
        return allFeatureLabels ? series : name(metric, point, false);
    }

    /** True when the name is too long to keep. */
    public static boolean tooLong(String name) {
        return name.length() > MAX_NAME_CHARS;
    }

    private String name(String metric, Labels point, boolean all) {
        int m = 0;
        if (point != null) {
            for (int i = 0; i < point.size(); i++) {
                String k = point.key(i);
                if (dropped.contains(k) || entityLabels.contains(k) || !(all || featureLabels.contains(k))) {
                    continue;
                }
                // insertion sort by label name: label sets are small
                int j = m++;
                while (j > 0 && point.key(order[j - 1]).compareTo(k) > 0) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
            }
        }
        if (m == 0) {
            return metric;
        }
        sb.setLength(0);
        sb.append(metric).append('{');
        for (int j = 0; j < m; j++) {
            if (j > 0) {
                sb.append(',');
            }
            sb.append(point.key(order[j])).append("=\"");
            escape(point.value(order[j]), sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    /** A label value as Prometheus' text format writes it: backslash, double quote and line feed escaped. */
    static void escape(String v, StringBuilder out) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** The feature of a counter's rate. */
    public static String rate(String feature) {
        return "rate(" + feature + ")";
    }

    /** A metric name for a detail: at most 60 characters. */
    static String metric(String name) {
        return RecordParser.abbreviate(name);
    }
}
