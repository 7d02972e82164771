package io.recon.streaming.assembly;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How samples become vectors (docs/CONFIGURATION.md, "Shipper formats").
 *
 * @param stepMs each entity's samples are gathered into steps of this length; one vector per step with samples
 * @param graceMs a step closes once its entity has a sample this long past the step's end; later samples for it
 *     are dead letters ({@code late})
 * @param carry true: a series missing from a step takes its last value for up to {@code carrySteps} steps
 *     (counted in a metric); false: a step that lacks one of its entity's live series is a dead letter
 *     ({@code incomplete})
 * @param carrySteps how many steps a series stays live without a sample; after that it is forgotten
 * @param maxSeries series one entity may have; samples of further series are dead letters
 * @param holdMs a step that is due closes only once it has been due this long by the wall clock: samples of one
 *     entity come from every input partition, and a backlog is read partition by partition, so another partition's
 *     samples for the step may still be on their way though the entity's time has moved on
 * @param sourceIdleMs a source (input partition) silent this long (wall clock) no longer holds steps back
 */
public record AssemblyConfig(long stepMs, long graceMs, boolean carry, int carrySteps, int maxSeries, long holdMs,
        long sourceIdleMs) {
    /** Samples this far ahead of the wall clock are dead letters ({@code bad_timestamp}). */
    public static final long MAX_AHEAD_MS = 3_600_000L;

    public AssemblyConfig {
        if (stepMs < 1 || stepMs > 86_400_000L) {
            throw new IllegalArgumentException("the step must be 1 ms to 1 day, got " + stepMs + " ms");
        }
        if (graceMs < 0 || graceMs > 86_400_000L) {
            throw new IllegalArgumentException("the grace period must be 0 to 1 day, got " + graceMs + " ms");
        }
        if (carrySteps < 0 || carrySteps > 10_000) {
            throw new IllegalArgumentException("carry steps must be 0..10000, got " + carrySteps);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("max series must be >= 1");
        }
        if (holdMs < 0 || holdMs > 600_000L) {
            throw new IllegalArgumentException("the hold must be 0 to 10 minutes, got " + holdMs + " ms");
        }
        if (sourceIdleMs < 0 || sourceIdleMs > 3_600_000L) {
            throw new IllegalArgumentException("the source idle time must be 0 to 1 hour, got " + sourceIdleMs + " ms");
        }
    }

    /** Without a hold: steps close as soon as they are due (offline, and tests of the rules). */
    public AssemblyConfig(long stepMs, long graceMs, boolean carry, int carrySteps, int maxSeries) {
        this(stepMs, graceMs, carry, carrySteps, maxSeries, 0, DEFAULT_SOURCE_IDLE_MS);
    }

    public static final long DEFAULT_SOURCE_IDLE_MS = 120_000L;

    public static AssemblyConfig defaults() {
        return new AssemblyConfig(10_000L, 10_000L, true, 3, 2000);
    }

    /**
     * How long after a step's end (in the task's stream time) a silent entity's open steps close anyway: its grace,
     * plus as long as its series stay live.
     */
    public long idleMs() {
        return graceMs + Math.max(1, carrySteps) * stepMs;
    }

    /** A duration setting's value: {@code 15s}, {@code 500ms}, {@code 1m}, {@code 2h}, or plain milliseconds. */
    public static long parseDuration(String text) {
        String s = text.trim();
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (500ms, 15s, 1m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000L;
            case "m" -> n * 60_000L;
            case "h" -> n * 3_600_000L;
            default -> n * 86_400_000L;
        };
    }
}
