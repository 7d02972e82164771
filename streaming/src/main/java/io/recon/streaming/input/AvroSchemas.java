package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.registry.SchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The writer schemas of Avro records in the Confluent wire format, compiled once per schema id ({@link AvroPlan})
 * from a schema registry; one per reading thread (a stream task's scoring step, a training run). A lookup of an id
 * not seen yet waits for an unreachable registry as long as {@link AvroSettings#waitMs()} allows.
 */
public final class AvroSchemas {
    private final AvroSettings settings;
    private final SchemaRegistry registry;
    /** Compiled schemas by id; a schema that cannot be used is kept as its rejection. */
    private final Map<Integer, Object> plans = new HashMap<>();

    public AvroSchemas(AvroSettings settings) {
        if (settings.registry() == null) {
            throw new IllegalArgumentException("the avro input format needs a schema registry: set recon.schema.registry.url "
                    + "(--schema-registry-url http://HOST:8081)");
        }
        this.settings = settings;
        this.registry = settings.registry();
    }

    /** Why a value is not a record of the wire format, or null when it is one (then {@link #id} reads its schema id). */
    static Rejection framing(byte[] value) {
        if (value.length < 5 || value[0] != 0) {
            return Rejection.of(DeadLetterReason.NOT_AVRO, value.length < 5
                    ? value.length + " bytes: too short for the wire format (magic byte 0, a 4-byte schema id, Avro binary)"
                    : String.format("first byte 0x%02x, not the wire format's magic byte 0 (a schema id and Avro binary "
                            + "follow it)", value[0] & 0xff));
        }
        return null;
    }

    static int id(byte[] value) {
        return (value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | (value[4] & 0xff);
    }

    /**
     * The compiled schema of an id, or the rejection of its records ({@code unknown_schema}, {@code bad_avro},
     * {@code no_samples}).
     *
     * @throws io.recon.streaming.registry.RegistryUnavailableException when the registry's wait is over (a
     *     stream waits until it answers or shuts down)
     */
    Object plan(int id) {
        Object p = plans.get(id);
        if (p != null) {
            return p;
        }
        SchemaRegistry.Schema s = registry.byId(id, settings.waitMs());
        if (s == null) {
            // not kept: the registry may learn the id later
            return Rejection.of(DeadLetterReason.UNKNOWN_SCHEMA, "schema id " + id + " is not in the registry "
                    + registry.settings());
        }
        p = compile(id, s);
        plans.put(id, p);
        return p;
    }

    private Object compile(int id, SchemaRegistry.Schema s) {
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
