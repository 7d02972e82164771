package io.recon.trainer.data;

import java.nio.file.Path;

/** Input data that cannot be used; the message names the file and, where there is one, the line. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public static DataException at(Path file, long line, String what) {
        return new DataException(file + ":" + line + ": " + what);
    }

    public static DataException in(Path file, String what) {
        return new DataException(file + ": " + what);
    }
}
