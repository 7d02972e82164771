package io.recon.streaming.assembly;

import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.SeriesNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a closed step makes, given its entity's series: one vector of every series' value (a counter's rate per
 * second since its previous reading, a reset counting from zero; a gauge's value; for live series without a sample
 * in the step their last value), series with the same feature summed. Updates the series' last readings and values
 * and forgets series silent for longer than they live.
 *
 * @param vector the vector, or null when the step makes none (warming, or nothing to say)
 * @param warming some counter in the step has no rate yet (its first reading): the step is held back
 * @param filled values carried into the step
 * @param missing live series without a sample, with carrying off (the step is then incomplete); empty otherwise
 */
record StepVector(FeatureVector vector, boolean warming, int filled, List<String> missing) {
    static StepVector of(String entity, EntityState s, long start, Map<String, EntityState.Pending> samples,
            AssemblyConfig config) {
        TreeMap<String, Double> features = new TreeMap<>();
        boolean warming = false;
        long time = Long.MIN_VALUE;
        for (Map.Entry<String, EntityState.Pending> e : samples.entrySet()) {
            EntityState.Pending p = e.getValue();
            EntityState.Series st = s.series.get(e.getKey());
            if (st == null || st.counter != p.counter || !st.feature.equals(p.feature)) {
                st = new EntityState.Series(p.feature, p.counter); // forgotten meanwhile, or now of another kind
                st.lastStep = start;
                s.series.put(e.getKey(), st);
            }
            time = Math.max(time, p.timeMs);
            st.lastStep = Math.max(st.lastStep, start);
            double v = p.value;
            if (st.counter) {
                boolean defined = st.hasRaw && p.timeMs > st.lastRawMs;
                if (defined) {
                    double d = p.value >= st.lastRaw ? p.value - st.lastRaw : p.value; // a reset counts from zero
                    v = d / ((p.timeMs - st.lastRawMs) / 1000.0);
                }
                if (!st.hasRaw || p.timeMs > st.lastRawMs) {
                    st.hasRaw = true;
                    st.lastRaw = p.value;
                    st.lastRawMs = p.timeMs;
                }
                if (!defined) {
                    warming = true;
                    continue;
                }
            }
            st.hasOut = true;
            st.lastOut = v;
            features.merge(name(st), v, Double::sum);
        }
        int filled = 0;
        List<String> missing = new ArrayList<>();
        long live = (long) config.carrySteps() * config.stepMs();
        for (Iterator<Map.Entry<String, EntityState.Series>> it = s.series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, EntityState.Series> e = it.next();
            EntityState.Series st = e.getValue();
            if (samples.containsKey(e.getKey()) || st.lastStep > start) {
                continue; // in the step, or first seen after it
            }
            if (start - st.lastStep > live) {
                it.remove();
                continue;
            }
            if (config.carry() && st.hasOut) {
                features.merge(name(st), st.lastOut, Double::sum);
                filled++;
            } else if (!config.carry()) {
                missing.add(e.getKey());
            }
        }
        Collections.sort(missing);
        if (warming || features.isEmpty()) {
            return new StepVector(null, warming, 0, List.of());
        }
        String[] names = features.keySet().toArray(new String[0]);
        double[] values = new double[names.length];
        int i = 0;
        for (double v : features.values()) {
            values[i++] = v;
        }
        return new StepVector(new FeatureVector(entity, time, names, values), false, filled, missing);
    }

    private static String name(EntityState.Series st) {
        return st.counter ? SeriesNames.rate(st.feature) : st.feature;
    }
}
