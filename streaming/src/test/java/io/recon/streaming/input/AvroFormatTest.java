package io.recon.streaming.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.streaming.registry.SchemaRegistry;
import io.recon.streaming.registry.StandInRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The avro format against records written by Apache Avro's own encoder in the Confluent wire format (magic byte 0,
 * the schema id big-endian, Avro binary), with schemas served by a stand-in registry.
 */
class AvroFormatTest {
    static final String TELEMETRY = """
            {"type":"record","name":"Telemetry","namespace":"io.example","fields":[
              {"name":"key","type":"string"},
              {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"cpu","type":"double"},
              {"name":"mem","type":"float"},
              {"name":"threads","type":"int"},
              {"name":"bytes_in","type":"long"},
              {"name":"site","type":"string"},
              {"name":"ok","type":"boolean"},
              {"name":"state","type":{"type":"enum","name":"State","symbols":["UP","DOWN"]}},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"extra","type":{"type":"map","values":"double"}},
              {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
              {"name":"blob","type":"bytes"},
              {"name":"temp","type":["null","double"],"default":null},
              {"name":"disk","type":{"type":"record","name":"Disk","fields":[
                 {"name":"used","type":"double"},{"name":"label","type":"string"}]}},
              {"name":"day","type":{"type":"int","logicalType":"date"}}
            ]}""";
    static final String V1 = """
            {"type":"record","name":"Reading","fields":[{"name":"a","type":"double"},{"name":"b","type":"double"}]}""";
    static final String V2 = """
            {"type":"record","name":"Reading","fields":[{"name":"a","type":"double"},{"name":"b","type":"double"},
              {"name":"c","type":"double","default":0}]}""";
    static final String ORDER = """
            {"type":"record","name":"Order","fields":[{"name":"customer","type":"string"},{"name":"note","type":"string"}]}""";

    private StandInRegistry registry;
    private AvroFormat format;

    @BeforeEach
    void start() throws Exception {
        registry = new StandInRegistry();
        registry.put(1, TELEMETRY);
        registry.put(2, V1);
        registry.put(3, V2);
        registry.put(4, ORDER);
        registry.put(5, "{\"type\":\"string\"}");
        registry.put(6, "{\"type\":\"record\",\"name\":\"Labelled\",\"fields\":[{\"name\":\"n\",\"type\":\"string\"},"
                + "{\"name\":\"x\",\"type\":\"double\"}]}");
        format = new AvroFormat(new AvroSettings("key", "timestamp", new SchemaRegistry(registry.settings()), 1_000));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** One record in the Confluent wire format, encoded by Apache Avro. */
    static byte[] wire(int id, Schema schema, GenericRecord r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(r, e);
        e.flush();
        return out.toByteArray();
    }

    static GenericRecord telemetry(Schema s, Double temp) {
        GenericRecord r = new GenericData.Record(s);
        r.put("key", "host-7");
        r.put("timestamp", 1_796_094_000_123L);
        r.put("cpu", 0.93);
        r.put("mem", 0.5f);
        r.put("threads", -12);
        r.put("bytes_in", 1L << 40);
        r.put("site", "eu-west");
        r.put("ok", true);
        r.put("state", new GenericData.EnumSymbol(s.getField("state").schema(), "DOWN"));
        r.put("tags", List.of("a", "bb"));
        r.put("extra", Map.of("x", 1.0, "y", 2.0));
        r.put("hash", new GenericData.Fixed(s.getField("hash").schema(), new byte[] {1, 2, 3, 4}));
        r.put("blob", ByteBuffer.wrap(new byte[] {9, 9, 9}));
        r.put("temp", temp);
        GenericRecord disk = new GenericData.Record(s.getField("disk").schema());
        disk.put("used", 0.75);
        disk.put("label", "/");
        r.put("disk", disk);
        r.put("day", 20_000);
        return r;
    }

    private Collected read(byte[] key, byte[] value, long timestamp) {
        Collected c = new Collected();
        Rejection why = format.read(key, value, timestamp, c);
        if (why != null) {
            c.rejected.add(why);
        }
        return c;
    }

    @Test
    void readsEveryNumericFieldByNameWithKeyAndEventTimeFromTheRecord() throws Exception {
        Schema s = new Schema.Parser().parse(TELEMETRY);
        Collected c = read("kafka-key".getBytes(StandardCharsets.UTF_8), wire(1, s, telemetry(s, 21.5)), 5L);
        assertEquals(List.of(), c.rejected);
        Collected.V v = c.vectors.get(0);
        assertEquals("host-7", v.key(), "the key field wins over the Kafka key");
        assertEquals(1_796_094_000_123L, v.timeMs());
        assertEquals(List.of("bytes_in", "cpu", "disk.used", "mem", "temp", "threads"), v.names(),
                "numeric fields, nested ones dotted, sorted; strings, enums, arrays, maps, dates left out");
        assertArrayEquals(new double[] {1L << 40, 0.93, 0.75, 0.5, 21.5, -12}, v.values());
    }

    @Test
    void aNullInANullableFieldLeavesThatFeatureOut() throws Exception {
        Schema s = new Schema.Parser().parse(TELEMETRY);
        Collected.V v = read(null, wire(1, s, telemetry(s, null)), 5L).vectors.get(0);
        assertEquals(List.of("bytes_in", "cpu", "disk.used", "mem", "threads"), v.names());
    }

    @Test
    void withoutKeyAndTimestampFieldsTheKafkaRecordsAreUsed() throws Exception {
        Schema s = new Schema.Parser().parse(V1);
        GenericRecord r = new GenericData.Record(s);
        r.put("a", 1.0);
        r.put("b", 2.0);
        Collected.V v = read("pump-3".getBytes(StandardCharsets.UTF_8), wire(2, s, r), 1_700_000_000_000L).vectors.get(0);
        assertEquals("pump-3", v.key());
        assertEquals(1_700_000_000_000L, v.timeMs());
        assertEquals(List.of("a", "b"), v.names());
    }

    @Test
    void otherKeyAndTimestampFieldsCanBeChosen() throws Exception {
        AvroFormat f = new AvroFormat(new AvroSettings("disk.label", "threads", new SchemaRegistry(registry.settings()), 1_000));
        Schema s = new Schema.Parser().parse(TELEMETRY);
        GenericRecord r = telemetry(s, 1.0);
        r.put("threads", 1_700_000_000); // seconds: told by its size
        Collected c = new Collected();
        assertNull(f.read(null, wire(1, s, r), 5L, c));
        // a string key nested in a record; with key no longer a feature-less string, `key` is just skipped
        assertEquals("/", c.vectors.get(0).key());
        assertEquals(1_700_000_000_000L, c.vectors.get(0).timeMs());
        assertTrue(!c.vectors.get(0).names().contains("threads"));
    }

    @Test
    void aNewerWriterSchemaWithAnAddedFieldReadsAsWell() throws Exception {
        Schema v2 = new Schema.Parser().parse(V2);
        GenericRecord r = new GenericData.Record(v2);
        r.put("a", 1.0);
        r.put("b", 2.0);
        r.put("c", 3.0);
        Collected.V v = read(null, wire(3, v2, r), 1L).vectors.get(0);
        assertEquals(List.of("a", "b", "c"), v.names());
        assertArrayEquals(new double[] {1, 2, 3}, v.values());
    }

    @Test
    void deadLettersSayWhyForEveryKindOfBadInput() throws Exception {
        Schema s = new Schema.Parser().parse(V1);
        GenericRecord r = new GenericData.Record(s);
        r.put("a", 1.0);
        r.put("b", 2.0);
        byte[] good = wire(2, s, r);
        assertReason(DeadLetterReason.NOT_AVRO, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "first byte 0x7b");
        assertReason(DeadLetterReason.NOT_AVRO, new byte[] {0, 0, 1}, "too short");
        byte[] unknown = good.clone();
        unknown[4] = 99;
        assertReason(DeadLetterReason.UNKNOWN_SCHEMA, unknown, "schema id 99 is not in the registry");
        assertReason(DeadLetterReason.BAD_AVRO, Arrays.copyOf(good, good.length - 3), "truncated");
        byte[] trailing = Arrays.copyOf(good, good.length + 2);
        assertReason(DeadLetterReason.BAD_AVRO, trailing, "2 bytes left after the record");
        byte[] otherType = good.clone();
        otherType[4] = 6; // another record type: a string (1.0's first byte, 0, reads as an empty one), then a double
        assertReason(DeadLetterReason.BAD_AVRO, otherType, "7 bytes left after the record");
        byte[] notRecord = good.clone();
        notRecord[4] = 5;
        assertReason(DeadLetterReason.BAD_AVRO, notRecord, "schema 5 is a string, not a record");
    }

    @Test
    void aTwoGigabyteLengthPrefixIsRefusedWithoutAllocating() throws Exception {
        // a Labelled record whose string claims 2^31 - 1 bytes: zig-zag varint of 2147483647
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, 6});
        long z = 2_147_483_647L << 1;
        while ((z & ~0x7fL) != 0) {
            out.write((int) (z & 0x7f | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        out.write("abc".getBytes(StandardCharsets.UTF_8));
        assertReason(DeadLetterReason.BAD_AVRO, out.toByteArray(), "a length of 2147483647");
    }

    @Test
    void aSchemaWithoutNumericFieldsIsNoSamples() throws Exception {
        Schema s = new Schema.Parser().parse(ORDER);
        GenericRecord r = new GenericData.Record(s);
        r.put("customer", "c");
        r.put("note", "n");
        assertReason(DeadLetterReason.NO_SAMPLES, wire(4, s, r), "no numeric field");
    }

    @Test
    void aRecursiveSchemaIsReadToTheEnd() throws Exception {
        String list = "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\",\"type\":\"double\"},"
                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}";
        registry.put(7, list);
        Schema s = new Schema.Parser().parse(list);
        GenericRecord tail = new GenericData.Record(s);
        tail.put("v", 3.0);
        GenericRecord head = new GenericData.Record(s);
        head.put("v", 1.0);
        head.put("next", tail);
        Collected.V v = read("k".getBytes(StandardCharsets.UTF_8), wire(7, s, head), 1L).vectors.get(0);
        assertEquals(List.of("v"), v.names(), "the first level only");
        assertArrayEquals(new double[] {1.0}, v.values());
    }

    @Test
    void mutatedRecordsNeverThrowAndNeverReadBeyondTheirBytes() throws Exception {
        Schema s = new Schema.Parser().parse(TELEMETRY);
        byte[] good = wire(1, s, telemetry(s, 2.0));
        Random rnd = new Random(42);
        int read = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[5 + rnd.nextInt(b.length - 5)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
                b = Arrays.copyOf(b, 5 + rnd.nextInt(b.length - 5));
            }
            Collected c = read(null, b, 1L);
            if (c.rejected.isEmpty()) {
                assertNotNull(c.vectors.get(0));
                read++;
            } else {
                assertTrue(c.rejected.get(0).reason() == DeadLetterReason.BAD_AVRO
                        || c.rejected.get(0).reason() == DeadLetterReason.NO_SAMPLES, c.rejected.toString());
                rejected++;
            }
        }
        assertTrue(read > 0 && rejected > 0, read + " read, " + rejected + " rejected");
    }

    @Test
    void theScorersReaderPutsFieldsIntoTheModelsSlotsByName() throws Exception {
        AvroRowReader r = new AvroRowReader(List.of("mem", "disk.used", "cpu", "temp"), new AvroSchemas(
                new AvroSettings("key", "timestamp", new SchemaRegistry(registry.settings()), 1_000)));
        Schema s = new Schema.Parser().parse(TELEMETRY);
        float[] row = new float[8];
        RowRead read = r.read(wire(1, s, telemetry(s, 21.5)), row, 4);
        assertTrue(read.usable(), read.detail());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.5f, 0.75f, 0.93f, 21.5f}, row);
        assertEquals("host-7", read.key());
        assertEquals(1_796_094_000_123L, read.timeMs());
        read = r.read(wire(1, s, telemetry(s, null)), row, 0);
        assertEquals(DeadLetterReason.MISSING_FIELD, read.error());
        assertTrue(read.detail().contains("'temp' (null in the record)"), read.detail());
        assertEquals("temp", read.missingFeature());
        assertEquals("host-7", read.key(), "known for a record that lacks a feature: its series is watched");

        AvroRowReader ab = new AvroRowReader(List.of("a", "b", "c"), new AvroSchemas(
                new AvroSettings("key", "timestamp", new SchemaRegistry(registry.settings()), 1_000)));
        Schema v1 = new Schema.Parser().parse(V1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("a", 1.0);
        old.put("b", 2.0);
        read = ab.read(wire(2, v1, old), row, 0);
        assertEquals(DeadLetterReason.MISSING_FIELD, read.error(), "a model feature the writer schema lacks");
        assertTrue(read.detail().contains("'c': schema 2 has no such numeric field"), read.detail());
        assertNull(read.key());
        Schema v2 = new Schema.Parser().parse(V2);
        GenericRecord next = new GenericData.Record(v2);
        next.put("a", 1.0);
        next.put("b", 2.0);
        next.put("c", Double.NaN);
        assertEquals(DeadLetterReason.NON_FINITE, ab.read(wire(3, v2, next), row, 0).error());
        assertEquals(DeadLetterReason.NOT_AVRO, ab.read("{}".getBytes(StandardCharsets.UTF_8), row, 0).error());
    }

    private void assertReason(DeadLetterReason reason, byte[] value, String detail) {
        Collected c = read(null, value, 1L);
        assertEquals(1, c.rejected.size(), "expected a rejection, read " + c.vectors);
        assertEquals(reason, c.rejected.get(0).reason(), c.rejected.get(0).detail());
        assertTrue(c.rejected.get(0).detail().contains(detail), c.rejected.get(0).detail());
    }
}
