package io.recon.streaming.topology;

import io.recon.streaming.metrics.DeadLetterReason;

/**
 * A dead letter decided upstream of the scoring processor (decoding or assembling samples), on its way to the
 * dead-letter sink with the coordinates of the input record it came from.
 */
record DeadLetter(byte[] key, byte[] value, DeadLetterReason reason, String detail, String topic, int partition,
        long offset) {}
