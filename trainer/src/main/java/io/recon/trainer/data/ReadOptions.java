package io.recon.trainer.data;

import java.util.List;
import java.util.Locale;

/**
 * How to read a data file.
 *
 * @param labelColumn column (or JSON field) holding the label, excluded from the features; null for none
 * @param timestampColumn column holding the time; null to detect (timestamp, datetime, time, date)
 * @param dropColumns further columns to leave out of the features (a key column among them)
 * @param missing what a row with a missing value (empty, {@code n/a}, {@code NA}, {@code NaN}, {@code null},
 *     {@code -}, {@code ?}) becomes
 * @param keyColumn column naming each row's entity (a host), never a feature; its values are kept as the table's keys;
 *     null for none
 */
public record ReadOptions(String labelColumn, String timestampColumn, List<String> dropColumns, Missing missing,
        String keyColumn) {
    /** The policy for missing values; each reader says how many rows it applied to. */
    public enum Missing {
        /** leave the row out */
        SKIP,
        /** repeat the column's last value (rows before its first value are left out) */
        CARRY,
        /** stop with the file and line */
        FAIL;

        /** From its name on the command line ({@code skip}, {@code carry}, {@code fail}). */
        public static Missing of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + name + "' is not a missing-value policy: skip, carry or fail");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReadOptions {
        dropColumns = dropColumns == null ? List.of() : List.copyOf(dropColumns);
        missing = missing == null ? Missing.SKIP : missing;
    }

    /** Missing values skip their row. */
    public ReadOptions(String labelColumn, String timestampColumn, List<String> dropColumns) {
        this(labelColumn, timestampColumn, dropColumns, Missing.SKIP, null);
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, null, List.of());
    }
}
