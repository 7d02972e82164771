package io.recon.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV as users have it: quoting, CRLF, a byte-order mark, blank lines, text columns. */
class CsvOddCasesTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void quotedCellsHoldingTheDelimiterAndDoubledQuotes() throws Exception {
        Path p = write("q.csv", "\"a\",\"b, c\",label\n\"1.5\",2,\"normal, \"\"quoted\"\"\"\n3,\"4\",x\n");
        FeatureTable t = DataLoader.load(p, new ReadOptions("label", null, List.of()));
        assertEquals(List.of("a", "b, c"), t.featureNames());
        assertArrayEquals(new float[] {1.5f, 2}, t.rows()[0]);
        assertEquals("normal, \"quoted\"", t.labels()[0]);
        assertEquals("x", t.labels()[1]);
    }

    @Test
    void crlfAByteOrderMarkAndBlankTrailingLines() throws Exception {
        Path p = write("w.csv", "\uFEFFtimestamp,a,b\r\n2024-01-01 00:00:00,1,2\r\n2024-01-01 00:01:00,3,4\r\n\r\n\r\n");
        FeatureTable t = DataLoader.load(p, ReadOptions.defaults());
        assertEquals(List.of("a", "b"), t.featureNames(), "no BOM in the first column's name, no CR in the last");
        assertEquals(2, t.size());
        assertArrayEquals(new float[] {3, 4}, t.rows()[1]);
        assertEquals(60_000, t.timestamps()[1] - t.timestamps()[0]);
    }

    @Test
    void aLineBreakInsideQuotesKeepsLineNumbersRight() throws Exception {
        Path p = write("m.csv", "a,note\n1,\"two\nlines\"\n2,ok\nx,bad\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(p, new ReadOptions(null, null,
                List.of("note"))));
        assertTrue(e.getMessage().startsWith(p + ":5: column 'a': 'x' is not a number"), e.getMessage());
    }

    @Test
    void aTextColumnIsNamedWithTheOptionThatDropsIt() throws Exception {
        Path p = write("h.csv", "host,cpu,mem\nweb-1,0.5,0.7\nweb-2,0.4,0.6\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(p, ReadOptions.defaults()));
        assertTrue(e.getMessage().contains(":2: column 'host': 'web-1' is not a number"), e.getMessage());
        assertTrue(e.getMessage().contains("--drop-columns host"), e.getMessage());
        FeatureTable t = DataLoader.load(p, new ReadOptions(null, null, List.of("host")));
        assertEquals(List.of("cpu", "mem"), t.featureNames());
    }

    @Test
    void semicolonsAndAKeyColumnReadByName() throws Exception {
        Path p = write("k.csv", "\uFEFFhost;\"x\"\r\n\"a;1\";1\r\nb;2\r\n\r\n");
        assertEquals(List.of("a;1", "b"), CsvRows.column(p, "host"));
        assertEquals(List.of("x"), DataLoader.load(p, new ReadOptions(null, null, List.of("host"))).featureNames());
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingTheFile() throws Exception {
        Path p = write("u.csv", "a,b\n1,\"2\n3,4\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(p, ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }
}
