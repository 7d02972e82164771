package io.recon.schemas;

/** A document that does not satisfy its Recon format; the message says which field and why. */
public class SchemaException extends IllegalArgumentException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
