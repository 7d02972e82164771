package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;

/**
 * Why a record, or one sample of it, cannot be used: the dead-letter reason and a short detail for people.
 *
 * @param detail one line, at most a few hundred characters
 */
public record Rejection(DeadLetterReason reason, String detail) {
    public Rejection {
        if (reason == null || detail == null) {
            throw new IllegalArgumentException("a rejection needs a reason and a detail");
        }
    }

    public static Rejection of(DeadLetterReason reason, String detail) {
        return new Rejection(reason, detail);
    }
}
