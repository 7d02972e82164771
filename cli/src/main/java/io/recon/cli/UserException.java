package io.recon.cli;

/** An error caused by how the user called Recon; printed as one line without a stack trace. */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }
}
