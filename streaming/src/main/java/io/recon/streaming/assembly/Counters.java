package io.recon.streaming.assembly;

import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.SeriesNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cumulative counters that a format does not mark (Telegraf writes {@code net.bytes_recv} as a plain number): a
 * feature is read as a counter when, over the training history of every entity, it almost never decreases (a
 * reset now and then) and often increases. Raw readings of a counter grow past anything seen in training, so a
 * model would find every later one anomalous; its rate per second is what a model can learn. The model's contract
 * then names it {@code rate(X)}, and the scorer reads {@code X} as a counter for such models.
 */
public final class Counters {
    /** At most this share of an entity's steps may decrease (resets). */
    static final double MAX_DECREASES = 0.005;
    /** At least this share must increase (a constant is not a counter). */
    static final double MIN_INCREASES = 0.1;
    static final int MIN_PAIRS = 20;
    private static final String RATE = "rate(";

    private Counters() {}

    /** The features of {@code vectors} that behave as cumulative counters (those already rates aside). */
    public static Set<String> detect(List<FeatureVector> vectors) {
        Map<String, List<FeatureVector>> byKey = new LinkedHashMap<>();
        for (FeatureVector v : vectors) {
            byKey.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
        }
        Map<String, long[]> counts = new HashMap<>(); // pairs, increases, decreases, negatives
        for (List<FeatureVector> entity : byKey.values()) {
            entity.sort(Comparator.comparingLong(FeatureVector::timestamp));
            for (int k = 1; k < entity.size(); k++) {
                FeatureVector a = entity.get(k - 1);
                FeatureVector b = entity.get(k);
                for (int i = 0; i < b.names().length; i++) {
                    String name = b.names()[i];
                    if (name.startsWith(RATE)) {
                        continue;
                    }
                    double prev = a.get(name);
                    if (Double.isNaN(prev)) {
                        continue;
                    }
                    double x = b.values()[i];
                    long[] c = counts.computeIfAbsent(name, n -> new long[4]);
                    c[0]++;
                    c[1] += x > prev ? 1 : 0;
                    c[2] += x < prev ? 1 : 0;
                    c[3] += x < 0 ? 1 : 0;
                }
            }
        }
        Set<String> out = new TreeSet<>();
        counts.forEach((name, c) -> {
            if (c[0] >= MIN_PAIRS && c[3] == 0 && c[2] <= MAX_DECREASES * c[0] && c[1] >= MIN_INCREASES * c[0]) {
                out.add(name);
            }
        });
        return out;
    }

    /** The {@code X} of each {@code rate(X)} feature: what a model expects read as counters. */
    public static Set<String> ofFeatures(List<String> features) {
        Set<String> out = new TreeSet<>();
        for (String f : features) {
            if (f.startsWith(RATE) && f.endsWith(")")) {
                out.add(f.substring(RATE.length(), f.length() - 1));
            }
        }
        return out;
    }

    /** The feature name of a counter's rate. */
    public static String rate(String feature) {
        return SeriesNames.rate(feature);
    }
}
