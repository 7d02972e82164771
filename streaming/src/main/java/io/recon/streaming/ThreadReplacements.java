package io.recon.streaming;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Bounds how often a failed stream thread is replaced: at most {@code max} replacements within
 * {@link #WINDOW}. A thread failing once in a while (a broker hiccup) is replaced; a thread failing again
 * and again would otherwise be replaced forever while /health answered ok, so past the bound the service
 * reports unhealthy and stops, and its process exits non-zero for an orchestrator to restart with back-off.
 */
public final class ThreadReplacements {
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final int max;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    public ThreadReplacements(int max, LongSupplier nanoClock) {
        if (max < 0) {
            throw new IllegalArgumentException("replacements must be >= 0");
        }
        this.max = max;
        this.nanoClock = nanoClock;
    }

    /** Records a failure; true when the thread may be replaced, false when the bound is reached. */
    public synchronized boolean allowReplacement() {
        long now = nanoClock.getAsLong();
        while (!recent.isEmpty() && now - recent.peekFirst() >= WINDOW.toNanos()) {
            recent.pollFirst();
        }
        if (recent.size() >= max) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /** A failure in one line: its root cause's type and the first line of that cause's message. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        int nl = message.indexOf('\n');
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + (nl < 0 ? message : message.substring(0, nl)));
    }
}
