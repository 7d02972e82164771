package io.recon.trainer.data;

import io.recon.schemas.contract.InputShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads delimited text with a header line: {@code ,} or {@code ;} (detected from the header), a
 * timestamp column (detected by name or given) and a label column (given) excluded from the features.
 * NAB files ({@code timestamp,value}) are the one-feature case.
 */
public final class CsvReader {
    private CsvReader() {}

    public static FeatureTable read(Path file, ReadOptions options) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw DataException.at(file, 1, "empty file: expected a header line naming the columns");
            }
            header = header.replace("\uFEFF", "");
            char delimiter = detectDelimiter(header);
            String[] columns = split(header, delimiter);
            Layout layout = Layout.of(file, columns, options);

            List<float[]> rows = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            String line;
            long lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line, delimiter);
                if (cells.length != columns.length) {
                    throw DataException.at(file, lineNo, cells.length + " cells but the header has " + columns.length
                            + " columns (ragged row)");
                }
                float[] row = new float[layout.features.length];
                for (int f = 0; f < row.length; f++) {
                    row[f] = parseNumber(file, lineNo, columns[layout.features[f]], cells[layout.features[f]]);
                }
                rows.add(row);
                if (layout.time >= 0) {
                    try {
                        times.add(Timestamps.parse(cells[layout.time]));
                    } catch (IllegalArgumentException e) {
                        throw DataException.at(file, lineNo, "column '" + columns[layout.time] + "': " + e.getMessage());
                    }
                }
                if (layout.label >= 0) {
                    labels.add(cells[layout.label].trim());
                }
            }
            if (rows.isEmpty()) {
                throw DataException.in(file, "no data rows after the header");
            }
            List<String> names = new ArrayList<>();
            for (int f : layout.features) {
                names.add(columns[f]);
            }
            return new FeatureTable(file.toString(), names, InputShape.features(names.size()),
                    rows.toArray(new float[0][]), layout.time >= 0 ? times.stream().mapToLong(Long::longValue).toArray() : null,
                    layout.label >= 0 ? labels.toArray(new String[0]) : null);
        } catch (IOException e) {
            throw DataException.in(file, "cannot read: " + e.getMessage());
        }
    }

    static float parseNumber(Path file, long line, String column, String cell) {
        String text = cell.trim();
        if (text.isEmpty()) {
            throw DataException.at(file, line, "column '" + column + "' is empty; fill or drop missing values first");
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("nan") || lower.matches("[+-]?inf(inity)?")) {
            throw DataException.at(file, line, "column '" + column + "' is " + text + "; values must be finite numbers");
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw DataException.at(file, line, "column '" + column + "': '" + abbreviate(text) + "' is not a number");
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw DataException.at(file, line, "column '" + column + "' is " + text + "; values must be finite numbers");
        }
        return (float) v;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static char detectDelimiter(String header) {
        long semicolons = header.chars().filter(c -> c == ';').count();
        long commas = header.chars().filter(c -> c == ',').count();
        return semicolons > commas ? ';' : ',';
    }

    static String[] split(String line, char delimiter) {
        String[] cells = line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            cells[i] = c;
        }
        return cells;
    }

    /** Which column plays which part. */
    private record Layout(int time, int label, int[] features) {
        static Layout of(Path file, String[] columns, ReadOptions options) {
            int label = -1;
            if (options.labelColumn() != null) {
                label = indexOf(columns, options.labelColumn());
                if (label < 0) {
                    throw DataException.at(file, 1, "no label column '" + options.labelColumn() + "'; columns are "
                            + String.join(", ", columns));
                }
            }
            int time = -1;
            if (options.timestampColumn() != null) {
                time = indexOf(columns, options.timestampColumn());
                if (time < 0) {
                    throw DataException.at(file, 1, "no timestamp column '" + options.timestampColumn()
                            + "'; columns are " + String.join(", ", columns));
                }
            } else {
                for (int i = 0; i < columns.length; i++) {
                    if (i != label && Timestamps.COLUMN_NAMES.contains(columns[i].toLowerCase(Locale.ROOT))) {
                        time = i;
                        break;
                    }
                }
            }
            for (String drop : options.dropColumns()) {
                if (indexOf(columns, drop) < 0) {
                    throw DataException.at(file, 1, "no column '" + drop + "' to drop; columns are " + String.join(", ", columns));
                }
            }
            List<Integer> features = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                if (i != label && i != time && !options.dropColumns().contains(columns[i])) {
                    if (columns[i].isEmpty()) {
                        throw DataException.at(file, 1, "column " + (i + 1) + " has no name");
                    }
                    features.add(i);
                }
            }
            if (features.isEmpty()) {
                throw DataException.at(file, 1, "no feature columns left after removing the timestamp and label columns");
            }
            return new Layout(time, label, features.stream().mapToInt(Integer::intValue).toArray());
        }

        static int indexOf(String[] columns, String name) {
            for (int i = 0; i < columns.length; i++) {
                if (columns[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
