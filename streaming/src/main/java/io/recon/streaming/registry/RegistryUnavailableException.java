package io.recon.streaming.registry;

/**
 * The schema registry did not answer a lookup (down, unreachable, refusing credentials, failing): the record that
 * needed it is neither read nor rejected. Thrown only when the caller stops waiting (the registry closed on
 * shutdown, or a command's wait over); a stream waits for the registry and retries.
 */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message) {
        super(message);
    }
}
