package io.recon.schemas.contract;

import io.recon.schemas.Checks;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert threshold on the score, with how it was calibrated.
 *
 * @param value a score strictly above this is anomalous
 * @param method e.g. {@code quantile}
 * @param params the method's parameters, e.g. {@code q=0.995}, {@code n=1200} held-out rows
 */
public record Threshold(double value, String method, Map<String, Double> params) {
    public Threshold {
        Checks.finite(value, "threshold.value");
        Checks.nonBlank(method, "threshold.method");
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        params.forEach((k, v) -> Checks.finite(v, "threshold.params." + k));
    }
}
