package io.recon.serve;

/** The service gave up while running (e.g. stream threads failing past their bound); the message says why. */
public final class ServeFailedException extends RuntimeException {
    public ServeFailedException(String message) {
        super(message);
    }
}
