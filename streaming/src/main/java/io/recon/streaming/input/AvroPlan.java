package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * One writer schema compiled for reading Avro binary into a vector: a tree of readers, one per field, that write
 * the numeric fields (int, long, float, double, also inside nullable unions and nested records, named with dots:
 * {@code disk.used}) to their slot, take the key and event time from the chosen fields, and skip everything else
 * (strings, bytes, booleans, enums, fixed, arrays, maps, fields with a time or date logical type). Built once per
 * schema id; reading allocates only the key's string.
 *
 * <p>Every length and count is checked against the bytes left, varints are at most 10 bytes, nesting at most
 * {@value #MAX_DEPTH} deep: hostile bytes end in {@link Bad}, never in a huge allocation or a stack overflow.
 * A record must use every byte: bytes left over mean it was written with another schema.
 */
final class AvroPlan {
    static final int MAX_DEPTH = 64;

    /** Bytes that do not decode with the schema; the message says where and why. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    /** What one record holds, overwritten by each read, and the reader's cursor and key cache. */
    static final class Out {
        final double[] values;
        final boolean[] present;
        final KeyCache keys = new KeyCache(1024);
        final In in = new In();
        String key;
        long timeMs = -1;
        int depth;

        Out(int features) {
            values = new double[features];
            present = new boolean[features];
        }
    }

    /** Reads Avro binary from {@code pos} to {@code end}. */
    static final class In {
        byte[] b;
        int pos;
        int end;

        In reset(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            return this;
        }

        long varLong() throws Bad {
            long raw = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new Bad("truncated at byte " + pos);
                }
                int x = b[pos++];
                raw |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new Bad("a varint longer than 10 bytes at byte " + (pos - 10));
        }

        int varInt() throws Bad {
            long v = varLong();
            if (v != (int) v) {
                throw new Bad("an int out of range at byte " + pos);
            }
            return (int) v;
        }

        /** A length in bytes: at least 0 and at most the bytes left. */
        int length(String what) throws Bad {
            long n = varLong();
            if (n < 0 || n > end - pos) {
                throw new Bad(what + " of " + n + " at byte " + pos + " with " + (end - pos) + " bytes left");
            }
            return (int) n;
        }

        void skip(int n) throws Bad {
            if (n > end - pos) {
                throw new Bad("truncated at byte " + pos + " (" + n + " bytes needed, " + (end - pos) + " left)");
            }
            pos += n;
        }

        float float32() throws Bad {
            int at = pos;
            skip(4);
            return Float.intBitsToFloat((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16
                    | (b[at + 3] & 0xff) << 24);
        }

        double float64() throws Bad {
            int at = pos;
            skip(8);
            long lo = (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
            long hi = (b[at + 4] & 0xffL) | (b[at + 5] & 0xffL) << 8 | (b[at + 6] & 0xffL) << 16 | (b[at + 7] & 0xffL) << 24;
            return Double.longBitsToDouble(lo | hi << 32);
        }
    }

    /** A reader of one value of a schema. */
    private abstract static class Node {
        abstract void read(In in, Out out) throws Bad;
    }

    private static final class Primitive extends Node {
        final Schema.Type type;
        /** The feature slot, or -1 to skip. */
        int slot = -1;

        Primitive(Schema.Type type) {
            this.type = type;
        }

        @Override
        void read(In in, Out out) throws Bad {
            double v;
            switch (type) {
                case NULL -> {
                    return;
                }
                case BOOLEAN -> {
                    in.skip(1);
                    return;
                }
                case INT, LONG, ENUM -> v = in.varLong();
                case FLOAT -> v = in.float32();
                case DOUBLE -> v = in.float64();
                case STRING, BYTES -> {
                    in.skip(in.length("a length"));
                    return;
                }
                default -> throw new IllegalStateException(type.toString());
            }
            if (slot >= 0) {
                out.values[slot] = v;
                out.present[slot] = true;
            }
        }
    }

    private static final class Fixed extends Node {
        final int size;

        Fixed(int size) {
            this.size = size;
        }

        @Override
        void read(In in, Out out) throws Bad {
            in.skip(size);
        }
    }

    private static final class Record extends Node {
        Node[] fields;

        @Override
        void read(In in, Out out) throws Bad {
            if (++out.depth > MAX_DEPTH) {
                throw new Bad("records nested more than " + MAX_DEPTH + " deep");
            }
            for (Node f : fields) {
                f.read(in, out);
            }
            out.depth--;
        }
    }

    private static final class Union extends Node {
        final Node[] branches;

        Union(Node[] branches) {
            this.branches = branches;
        }

        @Override
        void read(In in, Out out) throws Bad {
            int at = in.pos;
            long i = in.varLong();
            if (i < 0 || i >= branches.length) {
                throw new Bad("union branch " + i + " of " + branches.length + " at byte " + at);
            }
            branches[(int) i].read(in, out);
        }
    }

    /** An array or a map: blocks of items (a negative count is followed by the block's size in bytes). */
    private static final class Blocks extends Node {
        final Node item;
        final boolean map;

        Blocks(Node item, boolean map) {
            this.item = item;
            this.map = map;
        }

        @Override
        void read(In in, Out out) throws Bad {
            if (++out.depth > MAX_DEPTH) {
                throw new Bad("values nested more than " + MAX_DEPTH + " deep");
            }
            while (true) {
                long n = in.varLong();
                if (n == 0) {
                    break;
                }
                if (n < 0) {
                    n = -n;
                    in.skip(in.length("a block size"));
                    continue;
                }
                if (n > in.end - in.pos) {
                    // items take a byte or more, but for nulls and empty records: such a block is refused too, as
                    // a count beyond the bytes left is far more often hostile or misread than a million nulls
                    throw new Bad("a block of " + n + " items at byte " + in.pos + " with " + (in.end - in.pos)
                            + " bytes left");
                }
                for (long k = 0; k < n; k++) {
                    if (map) {
                        in.skip(in.length("a map key length"));
                    }
                    item.read(in, out);
                }
            }
            out.depth--;
        }
    }

    /** The key field: a string (through the reader's key cache: keys repeat), or an int or long in decimal. */
    private static final class Key extends Node {
        final Schema.Type type;

        Key(Schema.Type type) {
            this.type = type;
        }

        @Override
        void read(In in, Out out) throws Bad {
            if (type == Schema.Type.STRING) {
                int n = in.length("a key length");
                int at = in.pos;
                in.skip(n);
                out.key = out.keys.get(in.b, at, at + n);
            } else {
                out.key = Long.toString(in.varLong());
            }
        }
    }

    /** The event-time field: a long or int in epoch milliseconds (size tells seconds and finer units) or a logical type. */
    private static final class Time extends Node {
        final Schema.Type type;
        final String logical;

        Time(Schema.Type type, String logical) {
            this.type = type;
            this.logical = logical;
        }

        @Override
        void read(In in, Out out) throws Bad {
            double v = switch (type) {
                case INT, LONG -> in.varLong();
                case FLOAT -> in.float32();
                default -> in.float64();
            };
            long ms;
            if (logical == null) {
                ms = type == Schema.Type.INT || type == Schema.Type.LONG ? EpochTime.millis((long) v) : EpochTime.millis(v);
            } else {
                ms = switch (logical) {
                    case "timestamp-micros", "local-timestamp-micros" -> Math.floorDiv((long) v, 1000L);
                    case "timestamp-nanos", "local-timestamp-nanos" -> Math.floorDiv((long) v, 1_000_000L);
                    default -> (long) v;
                };
            }
            if (!(v >= 0) || ms < 0) {
                throw new Bad("event time " + (long) v + " is before 1970");
            }
            out.timeMs = ms;
        }
    }

    final int id;
    final String schemaName;
    /** Feature names, sorted: slot i holds names[i]. */
    final String[] names;
    final List<String> nameList;
    final boolean hasKey;
    final boolean hasTime;
    private final Node root;

    private AvroPlan(int id, String schemaName, Node root, String[] names, boolean hasKey, boolean hasTime) {
        this.id = id;
        this.schemaName = schemaName;
        this.root = root;
        this.names = names;
        this.nameList = List.of(names);
        this.hasKey = hasKey;
        this.hasTime = hasTime;
    }

    /** A new buffer for this plan's reads. */
    Out out() {
        return new Out(names.length);
    }

    /**
     * Reads the record of a wire-format value (after its 5-byte header) into {@code out}; null when it decodes,
     * else its {@code bad_avro} rejection naming the schema.
     */
    Rejection decode(byte[] value, Out out) {
        try {
            read(value, 5, value.length, out);
            return null;
        } catch (Bad e) {
            return Rejection.of(DeadLetterReason.BAD_AVRO, "schema " + id + " (" + schemaName + "): " + e.getMessage());
        }
    }

    /** Reads one record from {@code b[from..end)} into {@code out}. */
    void read(byte[] b, int from, int end, Out out) throws Bad {
        Arrays.fill(out.present, false);
        out.key = null;
        out.timeMs = -1;
        out.depth = 0;
        In in = out.in.reset(b, from, end);
        try {
            root.read(in, out);
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new Bad("malformed at byte " + in.pos);
        }
        if (in.pos != end) {
            throw new Bad((end - in.pos) + " bytes left after the record: it was not written with this schema");
        }
    }

    /**
     * Compiles a writer schema (a record).
     *
     * @param keyField the field (dotted for nested ones) whose value is the record's key
     * @param timeField the field holding its event time
     * @throws IllegalArgumentException when the schema is not a record
     */
    static AvroPlan compile(int id, Schema schema, String keyField, String timeField) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("schema " + id + " is " + article(schema.getType()) + ", not a record");
        }
        Compiler c = new Compiler(keyField, timeField);
        Node root = c.node(schema, "");
        String[] names = c.slots.keySet().toArray(new String[0]);
        Arrays.sort(names);
        Map<String, Integer> sorted = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            sorted.put(names[i], i);
        }
        c.slots.forEach((name, nodes) -> nodes.forEach(p -> p.slot = sorted.get(name)));
        return new AvroPlan(id, schema.getFullName(), root, names, c.hasKey, c.hasTime);
    }

    private static String article(Schema.Type t) {
        String n = t.getName();
        return ("aeiou".indexOf(n.charAt(0)) >= 0 ? "an " : "a ") + n;
    }

    private static final class Compiler {
        final String keyField;
        final String timeField;
        final Map<String, List<Primitive>> slots = new LinkedHashMap<>();
        /** Records being compiled: a schema that refers to itself is skipped below its first level. */
        final Map<Schema, Record> open = new IdentityHashMap<>();
        final Map<Schema, Node> skippers = new IdentityHashMap<>();
        boolean hasKey;
        boolean hasTime;

        Compiler(String keyField, String timeField) {
            this.keyField = keyField;
            this.timeField = timeField;
        }

        Node node(Schema s, String name) {
            if (!name.isEmpty() && name.equals(keyField) && keyType(s) != null) {
                hasKey = true;
                return special(s, new Key(keyType(s)));
            }
            if (!name.isEmpty() && name.equals(timeField) && timeType(s) != null) {
                hasTime = true;
                Schema t = nonNull(s);
                LogicalType lt = t.getLogicalType();
                return special(s, new Time(t.getType(), lt == null ? null : lt.getName()));
            }
            switch (s.getType()) {
                case RECORD -> {
                    if (open.containsKey(s)) {
                        return skipper(s);
                    }
                    Record r = new Record();
                    open.put(s, r);
                    List<Node> fields = new ArrayList<>();
                    for (Schema.Field f : s.getFields()) {
                        fields.add(node(f.schema(), name.isEmpty() ? f.name() : name + "." + f.name()));
                    }
                    r.fields = fields.toArray(new Node[0]);
                    open.remove(s);
                    return r;
                }
                case UNION -> {
                    List<Schema> types = s.getTypes();
                    Node[] branches = new Node[types.size()];
                    for (int i = 0; i < branches.length; i++) {
                        branches[i] = node(types.get(i), name);
                    }
                    return new Union(branches);
                }
                case INT, LONG, FLOAT, DOUBLE -> {
                    Primitive p = new Primitive(s.getType());
                    if (!isTime(s.getLogicalType()) && !name.isEmpty()) {
                        slots.computeIfAbsent(name, n -> new ArrayList<>()).add(p);
                    }
                    return p;
                }
                default -> {
                    return skipper(s);
                }
            }
        }

        /** A reader that only skips values of the schema (recursive schemas refer back to their own reader). */
        Node skipper(Schema s) {
            Node done = skippers.get(s);
            if (done != null) {
                return done;
            }
            switch (s.getType()) {
                case RECORD -> {
                    Record r = new Record();
                    skippers.put(s, r);
                    List<Node> fields = new ArrayList<>();
                    for (Schema.Field f : s.getFields()) {
                        fields.add(skipper(f.schema()));
                    }
                    r.fields = fields.toArray(new Node[0]);
                    return r;
                }
                case UNION -> {
                    Node[] branches = s.getTypes().stream().map(this::skipper).toArray(Node[]::new);
                    return new Union(branches);
                }
                case ARRAY -> {
                    Blocks b = new Blocks(skipper(s.getElementType()), false);
                    skippers.put(s, b);
                    return b;
                }
                case MAP -> {
                    Blocks b = new Blocks(skipper(s.getValueType()), true);
                    skippers.put(s, b);
                    return b;
                }
                case FIXED -> {
                    return new Fixed(s.getFixedSize());
                }
                default -> {
                    return new Primitive(s.getType());
                }
            }
        }

        /** The key or time reader, inside the nullable union the field may be. */
        private Node special(Schema s, Node reader) {
            if (s.getType() != Schema.Type.UNION) {
                return reader;
            }
            List<Schema> types = s.getTypes();
            Node[] branches = new Node[types.size()];
            for (int i = 0; i < branches.length; i++) {
                branches[i] = types.get(i).getType() == Schema.Type.NULL ? new Primitive(Schema.Type.NULL) : reader;
            }
            return new Union(branches);
        }

        private static Schema nonNull(Schema s) {
            if (s.getType() != Schema.Type.UNION) {
                return s;
            }
            List<Schema> other = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
            return other.size() == 1 ? other.get(0) : null;
        }

        private static Schema.Type keyType(Schema s) {
            Schema t = nonNull(s);
            return t != null && (t.getType() == Schema.Type.STRING || t.getType() == Schema.Type.INT
                    || t.getType() == Schema.Type.LONG) ? t.getType() : null;
        }

        private static Schema.Type timeType(Schema s) {
            Schema t = nonNull(s);
            return t != null && (t.getType() == Schema.Type.LONG || t.getType() == Schema.Type.INT
                    || t.getType() == Schema.Type.DOUBLE || t.getType() == Schema.Type.FLOAT) ? t.getType() : null;
        }

        private static boolean isTime(LogicalType t) {
            if (t == null) {
                return false;
            }
            String n = t.getName();
            return n.startsWith("timestamp") || n.startsWith("local-timestamp") || n.startsWith("time-") || n.equals("date");
        }
    }
}
