package io.recon.cli.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Rows (column name to value) as Avro records of a given schema in the Confluent wire format (magic byte 0, the
 * schema id as a big-endian int32, the Avro binary), for {@code recon produce --format avro}. Fields take the row's
 * value of the same name; a nested record's fields take the values named {@code parent.child}, or the entries of a
 * map under the parent's name; a field without a value takes its default, null in a nullable union, or is an error.
 */
public final class AvroRows {
    private final Schema schema;
    private final byte[] header;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;

    public AvroRows(Schema schema, int schemaId) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the schema is " + schema.getType().getName() + ", not a record");
        }
        this.schema = schema;
        this.header = ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array();
        this.writer = new GenericDatumWriter<>(schema);
    }

    /**
     * One row's record, framed.
     *
     * @throws IllegalArgumentException naming the field that has no value or a value of the wrong kind
     */
    public byte[] encode(Map<String, Object> row) {
        GenericRecord r = record(schema, row, "");
        buffer.reset();
        buffer.writeBytes(header);
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
            writer.write(r, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("does not encode with the schema: " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static GenericRecord record(Schema s, Map<String, Object> row, String prefix) {
        GenericRecord r = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
            String name = prefix + f.name();
            Object v = row.containsKey(f.name()) ? row.get(f.name()) : row.get(name);
            r.put(f.pos(), value(f, f.schema(), v, row, name));
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Schema.Field f, Schema s, Object v, Map<String, Object> row, String name) {
        switch (s.getType()) {
            case UNION -> {
                if (v == null && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)
                        && s.getTypes().stream().noneMatch(t -> t.getType() == Schema.Type.RECORD)) {
                    return f != null && f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null;
                }
                IllegalArgumentException last = null;
                for (Schema t : s.getTypes()) {
                    if (t.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return value(null, t, v, row, name);
                    } catch (IllegalArgumentException e) {
                        last = e;
                    }
                }
                if (s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                    return null;
                }
                throw last != null ? last : new IllegalArgumentException("field " + name + ": no branch of " + s + " fits");
            }
            case RECORD -> {
                Map<String, Object> nested = v instanceof Map<?, ?> m ? (Map<String, Object>) m : row;
                return record(s, nested, v instanceof Map<?, ?> ? "" : name + ".");
            }
            default -> { }
        }
        if (v == null) {
            if (f != null && f.hasDefaultValue()) {
                return GenericData.get().getDefaultValue(f);
            }
            throw new IllegalArgumentException("no value for field " + name);
        }
        LogicalType lt = s.getLogicalType();
        return switch (s.getType()) {
            case INT -> (int) number(v, name);
            case LONG -> lt != null && lt.getName().startsWith("timestamp") && v instanceof String t
                    ? java.time.Instant.parse(t).toEpochMilli() : (long) number(v, name);
            case FLOAT -> (float) number(v, name);
            case DOUBLE -> number(v, name);
            case BOOLEAN -> v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
            case STRING -> v.toString();
            case BYTES -> ByteBuffer.wrap(v.toString().getBytes(StandardCharsets.UTF_8));
            case ENUM -> new GenericData.EnumSymbol(s, v.toString());
            case ARRAY -> v instanceof List<?> l ? new GenericData.Array<>(s, (List<Object>) l) : fail(name, v, s);
            case MAP -> v instanceof Map<?, ?> m ? m : fail(name, v, s);
            default -> fail(name, v, s);
        };
    }

    private static double number(Object v, String name) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field " + name + ": '" + v + "' is not a number");
        }
    }

    private static Object fail(String name, Object v, Schema s) {
        throw new IllegalArgumentException("field " + name + ": cannot write " + v + " as " + s.getType().getName());
    }
}
