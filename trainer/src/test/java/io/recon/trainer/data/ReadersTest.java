package io.recon.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.schemas.contract.InputShape;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static DataException fails(Path p, ReadOptions o) {
        return assertThrows(DataException.class, () -> DataLoader.load(p, o));
    }

    @Test
    void commaCsvWithLabelAndDetectedTimestamp() throws Exception {
        Path p = write("a.csv", "timestamp,a,b,label\n2024-01-01 00:00:00,1,2,0\n2024-01-01T00:01:00Z,3.5,-4e2,1\n");
        FeatureTable t = DataLoader.load(p, new ReadOptions("label", null, List.of()));
        assertEquals(List.of("a", "b"), t.featureNames());
        assertArrayEquals(new float[] {3.5f, -400f}, t.rows()[1]);
        assertArrayEquals(new long[] {1704067200000L, 1704067260000L}, t.timestamps());
        assertArrayEquals(new String[] {"0", "1"}, t.labels());
        assertTrue(t.isLabel(1, "1.0"));
    }

    @Test
    void semicolonCsvLikeSkabWithDroppedColumn() throws Exception {
        Path p = write("s.csv", "datetime;x;y;anomaly;changepoint\n2020-03-09 10:14:33;1;2;0;0\n2020-03-09 10:14:34;1;2;1;1\n");
        FeatureTable t = DataLoader.load(p, new ReadOptions("anomaly", null, List.of("changepoint")));
        assertEquals(List.of("x", "y"), t.featureNames());
        assertEquals(2, t.size());
    }

    @Test
    void nabStyleTimestampValue() throws Exception {
        Path p = write("nab.csv", "timestamp,value\n2014-04-01 00:00:00,20.5\n2014-04-01 00:05:00,21\n");
        FeatureTable t = DataLoader.load(p, ReadOptions.defaults());
        assertEquals(InputShape.features(1), t.recordShape());
        assertNull(t.labels());
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws Exception {
        Path p = write("bad.csv", "a,b\n1,2\n3,abc\n");
        DataException e = fails(p, ReadOptions.defaults());
        assertTrue(e.getMessage().startsWith(p + ":3: column 'b': 'abc' is not a number"), e.getMessage());
    }

    @Test
    void raggedRowIsRejected() throws Exception {
        Path p = write("r.csv", "a,b,c\n1,2,3\n1,2\n");
        assertTrue(fails(p, ReadOptions.defaults()).getMessage().startsWith(p + ":3: 2 cells but the header has 3"));
    }

    @Test
    void infinityIsRejected() throws Exception {
        assertTrue(fails(write("i.csv", "a,b\n1,2\n-Infinity,1\n"), ReadOptions.defaults()).getMessage()
                .contains(":3: column 'a' is -Infinity"));
        assertTrue(fails(write("o.csv", "a\n1e300\n"), ReadOptions.defaults()).getMessage().contains("finite"));
    }

    @Test
    void emptyCellMissingFileMissingLabelColumn() throws Exception {
        assertTrue(fails(write("e.csv", "a,b\n1,\n"), ReadOptions.defaults()).getMessage().contains("every one of its 1 rows "
                + "has a missing value"));
        assertTrue(fails(dir.resolve("nope.csv"), ReadOptions.defaults()).getMessage().endsWith("no such file or directory"));
        assertTrue(fails(write("l.csv", "a,b\n1,2\n"), new ReadOptions("label", null, List.of())).getMessage()
                .contains("no label column 'label'; columns are a, b"));
        assertTrue(fails(write("h.csv", ""), ReadOptions.defaults()).getMessage().contains("empty file"));
    }

    @Test
    void missingValuesSkipTheirRowCarryTheLastValueOrStop() throws Exception {
        Path p = write("m.csv", "timestamp,a,b\n1,n/a,1\n2,1,2\n3,NaN,3\n4,,4\n5,5,NA\n6,6,6\n7,null,7\n");
        FeatureTable skip = DataLoader.load(p, ReadOptions.defaults());
        assertEquals(2, skip.size());
        assertArrayEquals(new long[] {2000, 6000}, skip.timestamps(), "epoch seconds");
        assertEquals(new FeatureTable.MissingValues(ReadOptions.Missing.SKIP, 5, 0), skip.missing());

        FeatureTable carry = DataLoader.load(p, new ReadOptions(null, null, List.of(), ReadOptions.Missing.CARRY, null));
        assertArrayEquals(new long[] {2000, 3000, 4000, 5000, 6000, 7000}, carry.timestamps(), "the first row has no earlier value to carry");
        assertArrayEquals(new float[] {1, 3}, carry.rows()[1]);
        assertArrayEquals(new float[] {5, 4}, carry.rows()[3]);
        assertEquals(new FeatureTable.MissingValues(ReadOptions.Missing.CARRY, 1, 4), carry.missing());

        DataException e = fails(p, new ReadOptions(null, null, List.of(), ReadOptions.Missing.FAIL, null));
        assertTrue(e.getMessage().startsWith(p + ":2: column 'a' is missing ('n/a'); --missing-values skip"), e.getMessage());
    }

    @Test
    void aKeyColumnIsNeverAFeatureAndKeepsItsRowsValues() throws Exception {
        Path p = write("k.csv", "timestamp,host,cpu\n1,a,0.5\n2,b,\n3,c,0.7\n");
        FeatureTable t = DataLoader.load(p, new ReadOptions(null, null, List.of(), ReadOptions.Missing.SKIP, "host"));
        assertEquals(List.of("cpu"), t.featureNames());
        assertArrayEquals(new String[] {"a", "c"}, t.keys(), "keys stay with their rows when a row is left out");
        assertTrue(fails(p, new ReadOptions(null, null, List.of(), ReadOptions.Missing.SKIP, "node")).getMessage()
                .contains("no key column 'node'; columns are timestamp, host, cpu"));
    }

    @Test
    void badTimestampIsRejectedWithLine() throws Exception {
        Path p = write("t.csv", "timestamp,a\nyesterday,1\n");
        assertTrue(fails(p, ReadOptions.defaults()).getMessage().startsWith(p + ":2: column 'timestamp': 'yesterday' is not a timestamp"));
    }

    @Test
    void jsonLinesWithFieldsAndValues() throws Exception {
        Path p = write("r.jsonl", "{\"key\":\"h1\",\"timestamp\":5,\"fields\":{\"cpu\":1,\"mem\":2,\"label\":0}}\n"
                + "{\"key\":\"h1\",\"timestamp\":6,\"fields\":{\"mem\":4,\"cpu\":3,\"label\":1}}\n");
        FeatureTable t = DataLoader.load(p, new ReadOptions("label", null, List.of()));
        assertEquals(List.of("cpu", "mem"), t.featureNames());
        assertArrayEquals(new float[] {3, 4}, t.rows()[1]);
        assertArrayEquals(new String[] {"0", "1"}, t.labels());
        Path v = write("v.jsonl", "{\"timestamp\":1,\"values\":[1,2,3]}\n");
        assertEquals(List.of("f0", "f1", "f2"), DataLoader.load(v, ReadOptions.defaults()).featureNames());
    }

    @Test
    void badJsonLinesNameTheLine() throws Exception {
        assertTrue(fails(write("a.jsonl", "{\"timestamp\":1,\"values\":[1]}\nnot json\n"), ReadOptions.defaults())
                .getMessage().contains("a.jsonl:2: not valid JSON"));
        assertTrue(fails(write("b.jsonl", "{\"timestamp\":1,\"values\":[1,\"x\"]}\n"), ReadOptions.defaults())
                .getMessage().contains("b.jsonl:1: values must hold numbers only"));
        assertTrue(fails(write("c.jsonl", "{\"timestamp\":1,\"values\":[1,2]}\n{\"timestamp\":2,\"values\":[1]}\n"),
                ReadOptions.defaults()).getMessage().contains("c.jsonl:2: 1 values but the first record has 2"));
        assertTrue(fails(write("d.jsonl", "{\"timestamp\":1,\"values\":[1,NaN]}\n"), ReadOptions.defaults())
                .getMessage().contains("d.jsonl:1: not valid JSON"));
        assertTrue(fails(write("e.jsonl", "{\"values\":[1]}\n"), ReadOptions.defaults())
                .getMessage().contains("e.jsonl:1: not an input record"));
    }

    @Test
    void idxReadsImagesAndRejectsWrongSizes() throws Exception {
        Path images = idx("good", 0x803, 3, 4, 5, 3 * 4 * 5);
        FeatureTable t = DataLoader.load(images, ReadOptions.defaults());
        assertEquals(InputShape.image(1, 4, 5), t.recordShape());
        assertEquals(3, t.size());
        assertEquals(19f, t.rows()[0][19]);

        Path truncated = idx("short", 0x803, 3, 28, 28, 100);
        assertTrue(fails(truncated, ReadOptions.defaults()).getMessage().contains("truncated: the header promises 3 images of 28x28"));
        Path tooLong = idx("long", 0x803, 1, 2, 2, 9);
        assertTrue(fails(tooLong, ReadOptions.defaults()).getMessage().contains("wrong image size"));
        Path badMagic = idx("magic", 0x801, 1, 2, 2, 4);
        assertTrue(fails(badMagic, ReadOptions.defaults()).getMessage().contains("not an IDX image file"));
        Path zero = idx("zero", 0x803, 1, 0, 2, 0);
        assertTrue(fails(zero, ReadOptions.defaults()).getMessage().contains("wrong image size in header: 1 images of 0x2"));
        Path emptyDir = Files.createDirectory(dir.resolve("empty"));
        assertTrue(fails(emptyDir, ReadOptions.defaults()).getMessage().contains("without train-images-idx3-ubyte"));
    }

    private Path idx(String name, int magic, int n, int h, int w, int bytes) throws Exception {
        Path p = dir.resolve(name + "-images-idx3-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(p))) {
            out.writeInt(magic);
            out.writeInt(n);
            out.writeInt(h);
            out.writeInt(w);
            for (int i = 0; i < bytes; i++) {
                out.writeByte(i % 256);
            }
        }
        return p;
    }

    @Test
    void windowsKeepOnlyRunsOfKeptRows() {
        float[][] rows = {{0}, {1}, {2}, {3}, {4}, {5}};
        boolean[] keep = {true, true, true, false, true, true};
        int[][] ends = new int[1][];
        float[][] w = Windows.slide(rows, 2, keep, ends);
        assertArrayEquals(new int[] {1, 2, 5}, ends[0]);
        assertArrayEquals(new float[] {1, 2}, w[1]);
    }
}
