package io.recon.trainer.data;

import java.util.List;

/**
 * How to read a data file.
 *
 * @param labelColumn column (or JSON field) holding the label, excluded from the features; null for none
 * @param timestampColumn column holding the time; null to detect (timestamp, datetime, time, date)
 * @param dropColumns further columns to leave out of the features
 */
public record ReadOptions(String labelColumn, String timestampColumn, List<String> dropColumns) {
    public ReadOptions {
        dropColumns = dropColumns == null ? List.of() : List.copyOf(dropColumns);
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, null, List.of());
    }
}
