package io.recon.trainer.data;

import io.recon.schemas.contract.InputShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads delimited text with a header line ({@link CsvRows}: {@code ,} or {@code ;}, quoting, CRLF, a byte-order
 * mark), a timestamp column (detected by name or given) and a label column (given) excluded from the features.
 * NAB files ({@code timestamp,value}) are the one-feature case.
 */
public final class CsvReader {
    private CsvReader() {}

    public static FeatureTable read(Path file, ReadOptions options) {
        try (CsvRows in = new CsvRows(file)) {
            CsvRows.Row header = in.next();
            if (header == null) {
                throw DataException.at(file, 1, "empty file: expected a header line naming the columns");
            }
            String[] columns = header.cells();
            Layout layout = Layout.of(file, columns, options);

            List<float[]> rows = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            float[] last = new float[layout.features.length];
            Arrays.fill(last, Float.NaN);
            int skipped = 0;
            int carriedRows = 0;
            for (CsvRows.Row r = in.next(); r != null; r = in.next()) {
                String[] cells = r.cells();
                long lineNo = r.line();
                if (cells.length != columns.length) {
                    throw DataException.at(file, lineNo, cells.length + " cells but the header has " + columns.length
                            + " columns (ragged row)");
                }
                float[] row = new float[layout.features.length];
                boolean carried = false;
                boolean skip = false;
                for (int f = 0; f < row.length; f++) {
                    String cell = cells[layout.features[f]];
                    float v = parseNumber(file, lineNo, columns[layout.features[f]], cell);
                    if (Float.isNaN(v)) { // missing
                        if (options.missing() == ReadOptions.Missing.FAIL) {
                            throw DataException.at(file, lineNo, "column '" + columns[layout.features[f]] + "' is missing ('"
                                    + abbreviate(cell.trim()) + "'); --missing-values skip leaves such rows out, --missing-values carry "
                                    + "repeats the column's last value");
                        }
                        if (options.missing() == ReadOptions.Missing.CARRY && !Float.isNaN(last[f])) {
                            v = last[f];
                            carried = true;
                        } else {
                            skip = true;
                        }
                    }
                    row[f] = v;
                }
                if (skip) {
                    skipped++;
                    continue;
                }
                carriedRows += carried ? 1 : 0;
                System.arraycopy(row, 0, last, 0, row.length);
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
                if (layout.key >= 0) {
                    keys.add(cells[layout.key].trim());
                }
            }
            if (rows.isEmpty()) {
                throw DataException.in(file, skipped > 0 ? "every one of its " + skipped + " rows has a missing value; "
                        + "--missing-values carry repeats a column's last value, --drop-columns leaves an empty column out"
                        : "no data rows after the header");
            }
            List<String> names = new ArrayList<>();
            for (int f : layout.features) {
                names.add(columns[f]);
            }
            return new FeatureTable(file.toString(), names, InputShape.features(names.size()),
                    rows.toArray(new float[0][]), layout.time >= 0 ? times.stream().mapToLong(Long::longValue).toArray() : null,
                    layout.label >= 0 ? labels.toArray(new String[0]) : null, layout.key >= 0 ? keys.toArray(new String[0]) : null,
                    new FeatureTable.MissingValues(options.missing(), skipped, carriedRows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            String why = e.getOriginalMessage();
            throw line > 0 ? DataException.at(file, line, "not valid CSV: " + why) : DataException.in(file, "not valid CSV: " + why);
        } catch (IOException e) {
            throw DataException.in(file, "cannot read: " + e.getMessage());
        }
    }

    /** The words that stand for a missing value (compared in lower case), besides an empty cell. */
    static final Set<String> MISSING = Set.of("na", "n/a", "nan", "null", "none", "-", "?", "#n/a");

    /** The cell's number, or NaN where the value is missing (empty or one of {@link #MISSING}). */
    static float parseNumber(Path file, long line, String column, String cell) {
        String text = cell.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.isEmpty() || MISSING.contains(lower)) {
            return Float.NaN;
        }
        if (lower.matches("[+-]?inf(inity)?")) {
            throw DataException.at(file, line, "column '" + column + "' is " + text + "; values must be finite numbers");
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            boolean word = text.chars().anyMatch(Character::isLetter);
            throw DataException.at(file, line, "column '" + column + "': '" + abbreviate(text) + "' is not a number"
                    + (word ? "; if the column is not a feature, name it: --key-column " + column + " (a host, a device), "
                            + "--label-column " + column + " (a label), or leave it out with --drop-columns " + column : ""));
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw DataException.at(file, line, "column '" + column + "' is " + text + "; values must be finite numbers");
        }
        return (float) v;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Which column plays which part. */
    private record Layout(int time, int label, int key, int[] features) {
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
            int key = -1;
            if (options.keyColumn() != null) {
                key = indexOf(columns, options.keyColumn());
                if (key < 0) {
                    throw DataException.at(file, 1, "no key column '" + options.keyColumn() + "'; columns are "
                            + String.join(", ", columns));
                }
            }
            for (String drop : options.dropColumns()) {
                if (indexOf(columns, drop) < 0) {
                    throw DataException.at(file, 1, "no column '" + drop + "' to drop; columns are " + String.join(", ", columns));
                }
            }
            List<Integer> features = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                if (i != label && i != time && i != key && !options.dropColumns().contains(columns[i])) {
                    if (columns[i].isEmpty()) {
                        throw DataException.at(file, 1, "column " + (i + 1) + " has no name");
                    }
                    features.add(i);
                }
            }
            if (features.isEmpty()) {
                throw DataException.at(file, 1, "no feature columns left after removing the timestamp and label columns");
            }
            return new Layout(time, label, key, features.stream().mapToInt(Integer::intValue).toArray());
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
