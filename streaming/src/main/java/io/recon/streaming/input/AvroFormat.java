package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Avro in the Confluent wire format: byte 0 is 0, bytes 1-4 the writer schema's id in the registry (big-endian),
 * then the record in Avro binary. Each record is one vector: its numeric fields by name (nested ones with dots),
 * its key and event time from the fields {@link AvroSettings#keyField()} and {@link AvroSettings#timestampField()}
 * when the schema has them, else from the Kafka record. Schemas are fetched by id and compiled once
 * ({@link AvroPlan}); a record of a newer writer schema with more fields reads as well, a model feature it lacks
 * is {@code missing_field} downstream.
 *
 * <p>Dead letters: {@code not_avro} (not the wire format), {@code unknown_schema} (an id the registry does not
 * know, or a schema that is not Avro), {@code bad_avro} (bytes that do not decode with their schema),
 * {@code no_samples} (a schema without a numeric field). A registry that cannot be reached is waited for
 * ({@link SchemaRegistry#byId}); no record is rejected for it.
 */
final class AvroFormat implements InputFormat {
    static final String ID = "avro";
    private final AvroSettings settings;
    private final SchemaRegistry registry;
    /** Compiled schemas by id; a schema that cannot be used is kept as its rejection. */
    private final Map<Integer, Object> plans = new HashMap<>();
    private final Map<Integer, AvroPlan.Out> outs = new HashMap<>();

    AvroFormat(AvroSettings settings) {
        if (settings.registry() == null) {
            throw new IllegalArgumentException("the avro input format needs a schema registry: set recon.schema.registry.url "
                    + "(--schema-registry-url http://HOST:8081)");
        }
        this.settings = settings;
        this.registry = settings.registry();
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
        if (value.length < 5 || value[0] != 0) {
            return Rejection.of(DeadLetterReason.NOT_AVRO, value.length < 5
                    ? value.length + " bytes: too short for the wire format (magic byte 0, a 4-byte schema id, Avro binary)"
                    : String.format("first byte 0x%02x, not the wire format's magic byte 0 (a schema id and Avro binary "
                            + "follow it)", value[0] & 0xff));
        }
        int id = (value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | (value[4] & 0xff);
        Object p = plans.get(id);
        if (p == null) {
            p = plan(id);
            if (p == null) {
                // not cached: the registry may learn the id later
                return Rejection.of(DeadLetterReason.UNKNOWN_SCHEMA, "schema id " + id + " is not in the registry "
                        + registry.settings());
            }
            plans.put(id, p);
        }
        if (p instanceof Rejection r) {
            return r;
        }
        AvroPlan plan = (AvroPlan) p;
        AvroPlan.Out o = outs.computeIfAbsent(id, i -> plan.out());
        try {
            plan.read(value, 5, value.length, o);
        } catch (AvroPlan.Bad e) {
            return Rejection.of(DeadLetterReason.BAD_AVRO, "schema " + id + " (" + plan.schemaName + "): " + e.getMessage());
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

    /** The compiled schema of an id, its rejection when it cannot be used, or null when the registry has none. */
    private Object plan(int id) {
        SchemaRegistry.Schema s = registry.byId(id, settings.waitMs());
        if (s == null) {
            return null;
        }
        if (!"AVRO".equalsIgnoreCase(s.type())) {
            return Rejection.of(DeadLetterReason.UNKNOWN_SCHEMA, "schema " + id + " is " + s.type() + ", not Avro");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().setValidateDefaults(false).parse(s.text());
        } catch (SchemaParseException | IllegalArgumentException e) {
            return Rejection.of(DeadLetterReason.UNKNOWN_SCHEMA, "schema " + id + " does not parse as Avro: " + e.getMessage());
        }
        try {
            AvroPlan plan = AvroPlan.compile(id, schema, settings.keyField(), settings.timestampField());
            if (plan.names.length == 0) {
                return Rejection.of(DeadLetterReason.NO_SAMPLES, "schema " + id + " (" + schema.getFullName()
                        + ") has no numeric field");
            }
            return plan;
        } catch (IllegalArgumentException e) {
            return Rejection.of(DeadLetterReason.BAD_AVRO, e.getMessage());
        }
    }
}
