package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro in the Confluent wire format: byte 0 is 0, bytes 1-4 the writer schema's id in the registry (big-endian),
 * then the record in Avro binary. Each record is one vector: its numeric fields by name (nested ones with dots),
 * its key and event time from the fields {@link AvroSettings#keyField()} and {@link AvroSettings#timestampField()}
 * when the schema has them, else from the Kafka record. Schemas are fetched by id and compiled once
 * ({@link AvroSchemas}); a record of a newer writer schema with more fields reads as well, a model feature it lacks
 * is {@code missing_field}.
 *
 * <p>Dead letters: {@code not_avro} (not the wire format), {@code unknown_schema} (an id the registry does not
 * know, or a schema that is not Avro), {@code bad_avro} (bytes that do not decode with their schema),
 * {@code no_samples} (a schema without a numeric field). A registry that cannot be reached is waited for; no
 * record is rejected for it. This reader serves training and retraining; the scorer reads avro records with
 * {@link AvroRowReader}, straight into its inference buffer.
 */
final class AvroFormat implements InputFormat {
    static final String ID = "avro";
    private final AvroSchemas schemas;
    private final Map<Integer, AvroPlan.Out> outs = new HashMap<>();

    AvroFormat(AvroSettings settings) {
        this.schemas = new AvroSchemas(settings);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean perSample() {
        return false;
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        Rejection framing = AvroSchemas.framing(value);
        if (framing != null) {
            return framing;
        }
        int id = AvroSchemas.id(value);
        Object p = schemas.plan(id);
        if (p instanceof Rejection r) {
            return r;
        }
        AvroPlan plan = (AvroPlan) p;
        AvroPlan.Out o = outs.computeIfAbsent(id, i -> plan.out());
        Rejection bad = plan.decode(value, o);
        if (bad != null) {
            return bad;
        }
        String k = o.key != null ? o.key : key != null ? new String(key, StandardCharsets.UTF_8) : null;
        long t = o.timeMs >= 0 ? o.timeMs : timestamp;
        int n = plan.names.length;
        int present = 0;
        for (int i = 0; i < n; i++) {
            present += o.present[i] ? 1 : 0;
        }
        if (present == n) {
            out.vector(k, t, plan.nameList, o.values.clone());
            return null;
        }
        if (present == 0) {
            return Rejection.of(DeadLetterReason.NO_SAMPLES, "every numeric field of the record is null");
        }
        List<String> names = new ArrayList<>(present);
        double[] values = new double[present];
        for (int i = 0, j = 0; i < n; i++) {
            if (o.present[i]) {
                names.add(plan.names[i]);
                values[j++] = o.values[i];
            }
        }
        out.vector(k, t, names, values);
        return null;
    }
}
