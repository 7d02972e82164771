package io.recon.cli;

import io.recon.trainer.data.ReadOptions;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a data file's columns are read, the same on {@code train}, {@code eval} and {@code produce}: which column is the
 * time, the label, the key (never a feature: {@code produce} keys records by it), which are left out, and what a
 * missing value (empty, {@code n/a}, {@code NA}, {@code NaN}, {@code null}, {@code -}, {@code ?}) does to its row.
 */
final class ColumnOptions {
    @Option(names = "--key-column", paramLabel = "NAME",
            description = "Column naming the entity (a host, a device): never a feature; produce keys records by it.")
    String keyColumn;

    @Option(names = "--label-column", paramLabel = "NAME", description = "Column holding a label (normal or not); never a feature.")
    String labelColumn;

    @Option(names = "--timestamp-column", paramLabel = "NAME",
            description = "Time column (default: detected by name: timestamp, datetime, time, date, ts).")
    String timestampColumn;

    @Option(names = "--drop-columns", paramLabel = "A,B", split = ",", description = "Further columns to leave out.")
    List<String> dropColumns = List.of();

    @Option(names = "--missing-values", paramLabel = "skip|carry|fail", defaultValue = "skip",
            description = "A row with a missing value (empty, n/a, NA, NaN, null, -, ?): skip leaves it out, carry repeats "
                    + "the column's last value, fail stops at its line (default ${DEFAULT-VALUE}; the count is reported).")
    String missing;

    /** The read options: the key column is never a feature; its values are the table's keys. */
    ReadOptions read() {
        return read(labelColumn);
    }

    /** The same with another label column (eval's default comes from the model). */
    ReadOptions read(String label) {
        try {
            return new ReadOptions(label, timestampColumn, dropColumns, ReadOptions.Missing.of(missing), keyColumn);
        } catch (IllegalArgumentException e) {
            throw new UserException("--missing-values: " + e.getMessage());
        }
    }
}
