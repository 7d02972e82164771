package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scorer's reader of avro records: decodes a record in the Confluent wire format straight into a model's float
 * slots, by feature name ({@link AvroPlan}: no vector, no map per record; the key's string is kept from record to
 * record while it repeats). One per model version and scoring step; the schemas are the step's
 * ({@link AvroSchemas}, shared by its readers). Results of the last {@link #read} are in {@link #error()},
 * {@link #detail()}, {@link #key()} and {@link #timeMs()}, as {@link RecordParser}'s are.
 */
public final class AvroRowReader {
    private final List<String> features;
    private final Map<String, Integer> index = new HashMap<>();
    private final AvroSchemas schemas;
    /** Per schema id: its decode buffer and, per plan slot, the model feature it feeds (-1 for none). */
    private final Map<Integer, Mapping> mappings = new HashMap<>();

    private static final class Mapping {
        final AvroPlan plan;
        final AvroPlan.Out out;
        final int[] feature;
        /** The model features no field of the schema feeds, or -1: every record of the schema misses it. */
        final int missing;

        Mapping(AvroPlan plan, Map<String, Integer> index, int features) {
            this.plan = plan;
            out = plan.out();
            feature = new int[plan.names.length];
            boolean[] fed = new boolean[features];
            for (int s = 0; s < feature.length; s++) {
                Integer f = index.get(plan.names[s]);
                feature[s] = f == null ? -1 : f;
                if (f != null) {
                    fed[f] = true;
                }
            }
            int m = -1;
            for (int f = 0; f < features && m < 0; f++) {
                m = fed[f] ? -1 : f;
            }
            missing = m;
        }
    }

    public AvroRowReader(List<String> features, AvroSchemas schemas) {
        this.features = List.copyOf(features);
        for (int i = 0; i < this.features.size(); i++) {
            index.put(this.features.get(i), i);
        }
        this.schemas = schemas;
    }

    /**
     * Reads one record into {@code target[offset + f]} for each model feature f: usable, or a dead letter's reason;
     * with the record's key and time fields where its schema has them.
     *
     * @throws io.recon.streaming.registry.RegistryUnavailableException when the registry's wait is over (shutdown)
     */
    public RowRead read(byte[] value, float[] target, int offset) {
        Rejection framing = AvroSchemas.framing(value);
        if (framing != null) {
            return RowRead.rejected(framing.reason(), framing.detail(), null, null, RowRead.NO_TIME);
        }
        int id = AvroSchemas.id(value);
        Mapping m = mappings.get(id);
        if (m == null) {
            Object p = schemas.plan(id);
            if (p instanceof Rejection r) {
                return RowRead.rejected(r.reason(), r.detail(), null, null, RowRead.NO_TIME);
            }
            m = new Mapping((AvroPlan) p, index, features.size());
            mappings.put(id, m);
        }
        Rejection bad = m.plan.decode(value, m.out);
        if (bad != null) {
            return RowRead.rejected(bad.reason(), bad.detail(), null, null, RowRead.NO_TIME);
        }
        String key = m.out.key; // known for a record that lacks a feature too (a dropped series is watched per key)
        long timeMs = m.out.timeMs >= 0 ? m.out.timeMs : RowRead.NO_TIME;
        if (m.missing >= 0) { // bytes that do not decode say so first
            return RowRead.rejected(DeadLetterReason.MISSING_FIELD, "missing field '" + RecordParser.abbreviate(
                    features.get(m.missing)) + "': schema " + id + " has no such numeric field", features.get(m.missing),
                    key, timeMs);
        }
        int[] feature = m.feature;
        double[] values = m.out.values;
        boolean[] present = m.out.present;
        for (int s = 0; s < feature.length; s++) {
            int f = feature[s];
            if (f < 0) {
                continue;
            }
            if (!present[s]) {
                return RowRead.rejected(DeadLetterReason.MISSING_FIELD, "missing field '" + RecordParser.abbreviate(
                        features.get(f)) + "' (null in the record)", features.get(f), key, timeMs);
            }
            double x = values[s];
            if (!Double.isFinite(x) || Math.abs(x) > Float.MAX_VALUE) {
                return RowRead.rejected(DeadLetterReason.NON_FINITE, RecordParser.abbreviate(features.get(f)) + " is " + x
                        + "; values must be finite floats", null, key, timeMs);
            }
            target[offset + f] = (float) x;
        }
        return RowRead.usable(key, timeMs);
    }
}
