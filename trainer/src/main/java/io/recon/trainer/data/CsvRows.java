package io.recon.trainer.data;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a delimited text file, read by Jackson's CSV parser (RFC 4180: quoted cells holding the delimiter,
 * quotes doubled inside quotes, line breaks inside quotes, LF or CRLF), after a UTF-8 byte-order mark if any;
 * blank lines are skipped and cells trimmed. The delimiter is {@code ;} when the header line holds more of them
 * than commas, else {@code ,}. Each row comes with the line it starts on, for errors that name it.
 */
public final class CsvRows implements Closeable {
    /** One row: its cells and the (1-based) line it starts on. */
    public record Row(String[] cells, long line) {}

    private final BufferedReader in;
    private final CsvParser parser;
    private final char delimiter;

    public CsvRows(Path file) throws IOException {
        this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        in.mark(1 << 16);
        String first = in.readLine();
        in.reset();
        if (first != null && first.startsWith("\uFEFF")) {
            in.skip(1);
            first = first.substring(1);
        }
        this.delimiter = first == null ? ',' : detectDelimiter(first);
        CsvMapper mapper = new CsvMapper();
        this.parser = (CsvParser) mapper.getFactory().createParser(in);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter).withoutHeader());
        parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        parser.enable(CsvParser.Feature.TRIM_SPACES);
    }

    public char delimiter() {
        return delimiter;
    }

    static char detectDelimiter(String header) {
        long semicolons = header.chars().filter(c -> c == ';').count();
        long commas = header.chars().filter(c -> c == ',').count();
        return semicolons > commas ? ';' : ',';
    }

    /** The next row with at least one non-blank cell, or null at the end. */
    public Row next() throws IOException {
        while (true) {
            JsonToken t = parser.nextToken();
            while (t != null && t != JsonToken.START_ARRAY) {
                t = parser.nextToken();
            }
            if (t == null) {
                return null;
            }
            long line = parser.currentLocation().getLineNr();
            List<String> cells = new ArrayList<>();
            boolean blank = true;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY && t != null) {
                String v = parser.getText();
                v = v == null ? "" : v;
                cells.add(v);
                blank &= v.isBlank();
            }
            if (!blank) {
                return new Row(cells.toArray(new String[0]), line);
            }
        }
    }

    /** The values of one named column, in row order (for a key column next to the features). */
    public static List<String> column(Path file, String name) throws IOException {
        try (CsvRows rows = new CsvRows(file)) {
            Row header = rows.next();
            int k = header == null ? -1 : java.util.Arrays.asList(header.cells()).indexOf(name);
            if (k < 0) {
                throw DataException.at(file, 1, "no column '" + name + "'; columns are "
                        + (header == null ? "none" : String.join(", ", header.cells())));
            }
            List<String> out = new ArrayList<>();
            for (Row r = rows.next(); r != null; r = rows.next()) {
                if (k >= r.cells().length) {
                    throw DataException.at(file, r.line(), r.cells().length + " cells but the header has "
                            + header.cells().length + " columns (ragged row)");
                }
                out.add(r.cells()[k]);
            }
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
        in.close();
    }
}
