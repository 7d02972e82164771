package io.recon.schemas.contract;

import io.recon.schemas.Checks;

/**
 * What the model was trained on.
 *
 * @param source file or topic the data came from
 * @param rows rows used for fitting (after filtering to normal rows)
 * @param validationRows held-out rows used for early stopping and the threshold
 * @param timeStart earliest timestamp seen (ISO-8601), null when the data has none
 * @param timeEnd latest timestamp seen (ISO-8601), null when the data has none
 * @param contentHash {@code sha256:<hex>} of the training matrix (features in order, as float32)
 */
public record TrainingSummary(String source, long rows, long validationRows, String timeStart, String timeEnd,
        String contentHash) {
    public TrainingSummary {
        Checks.nonBlank(source, "training.source");
        Checks.require(rows > 0, "training.rows must be positive");
        Checks.require(validationRows >= 0, "training.validation_rows must not be negative");
        Checks.require((timeStart == null) == (timeEnd == null), "training.time_start and time_end go together");
        if (timeStart != null) {
            Checks.require(!Checks.instant(timeStart, "training.time_start").isAfter(Checks.instant(timeEnd, "training.time_end")),
                    "training.time_start is after training.time_end");
        }
        Checks.require(contentHash != null && contentHash.matches("sha256:[0-9a-f]{64}"),
                "training.content_hash must be sha256:<64 hex digits>");
    }
}
