package io.recon.cli;

/**
 * A command another module adds to {@code recon} when it is on the class path, found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.recon.cli.PluggedCommand} entry): the bench module's
 * {@code recon bench}, which the launcher puts on the class path when it is built. An implementation is a picocli
 * {@code @Command} class with a public no-argument constructor; this module knows nothing else of it.
 */
public interface PluggedCommand {}
