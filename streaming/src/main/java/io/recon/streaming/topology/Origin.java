package io.recon.streaming.topology;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers that carry, through the samples' repartition topic, the input record a batch of samples came from and,
 * for a record that could not be read, why: so that dead letters name the record users wrote, not the internal
 * topic.
 */
final class Origin {
    static final String TOPIC = "recon.origin.topic";
    static final String PARTITION = "recon.origin.partition";
    static final String OFFSET = "recon.origin.offset";
    static final String DEAD = "recon.origin.dead";
    static final String DETAIL = "recon.origin.detail";
    static final String NO_KEY = "recon.origin.nokey";
    static final String IDLE = "recon.origin.idle";

    private Origin() {}

    static Headers of(String topic, int partition, long offset) {
        RecordHeaders h = new RecordHeaders();
        h.add(TOPIC, bytes(topic));
        h.add(PARTITION, bytes(Integer.toString(partition)));
        h.add(OFFSET, bytes(Long.toString(offset)));
        return h;
    }

    static Headers dead(String topic, int partition, long offset, DeadLetterReason reason, String detail, boolean noKey) {
        Headers h = of(topic, partition, offset);
        h.add(DEAD, bytes(reason.name()));
        h.add(DETAIL, bytes(detail));
        if (noKey) {
            h.add(NO_KEY, new byte[0]);
        }
        return h;
    }

    /** A notice that a source (input partition) has nothing more for now. */
    static Headers idle(String topic, int partition) {
        Headers h = of(topic, partition, -1);
        h.add(IDLE, new byte[0]);
        return h;
    }

    static boolean isIdle(Headers h) {
        return h.lastHeader(IDLE) != null;
    }

    /** The input record's key: null when it had none (the repartition topic needed one). */
    static byte[] key(Headers h, byte[] key) {
        return h.lastHeader(NO_KEY) != null ? null : key;
    }

    /** The dead letter a header set marks, or null when it carries samples. */
    static DeadLetterReason deadReason(Headers h) {
        String r = text(h, DEAD);
        return r == null ? null : DeadLetterReason.valueOf(r);
    }

    static String text(Headers h, String name) {
        Header x = h == null ? null : h.lastHeader(name);
        return x == null ? null : new String(x.value(), StandardCharsets.UTF_8);
    }

    static String topic(Headers h) {
        String t = text(h, TOPIC);
        return t == null ? "" : t;
    }

    static int partition(Headers h) {
        String p = text(h, PARTITION);
        return p == null ? -1 : Integer.parseInt(p);
    }

    static long offset(Headers h) {
        String o = text(h, OFFSET);
        return o == null ? -1 : Long.parseLong(o);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
