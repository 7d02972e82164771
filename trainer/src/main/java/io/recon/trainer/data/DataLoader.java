package io.recon.trainer.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the reader for a path: IDX for directories and idx3 files, JSON lines for .jsonl/.ndjson/.json, CSV otherwise. */
public final class DataLoader {
    private DataLoader() {}

    public static FeatureTable load(Path path, ReadOptions options) {
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw new DataException(path + ": not readable (check its permissions)");
        }
        if (IdxReader.isIdx(path)) {
            if (options.labelColumn() != null) {
                throw new DataException(path + ": IDX data carries its labels in the idx1 file; drop --label-column");
            }
            return IdxReader.read(path, "train");
        }
        if (JsonLinesReader.isJsonLines(path)) {
            return JsonLinesReader.read(path, options);
        }
        return CsvReader.read(path, options);
    }
}
