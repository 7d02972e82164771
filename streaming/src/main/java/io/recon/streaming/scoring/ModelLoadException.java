package io.recon.streaming.scoring;

/** A model that cannot be served: unreadable, corrupt, or not matching its contract. */
public class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
