package io.recon.streaming.topology;

/**
 * Where the input partitions end, and how far the service's consumer group has committed them: what a decoding
 * task needs to tell that it has read everything there is (and so that the assembly need not wait for it).
 */
public interface InputProgress {
    /** No knowledge: decoding tasks never say they are caught up (steps then wait for silent partitions' idle time). */
    InputProgress NONE = new InputProgress() {
        @Override
        public long endOffset(String topic, int partition, long askedAfterMs) {
            return -1;
        }

        @Override
        public long committedOffset(String topic, int partition) {
            return -1;
        }
    };

    /**
     * The partition's end (read_committed) as looked up after {@code askedAfterMs} (wall clock), or -1 when there is
     * no such lookup (yet): an end seen before the last record was read says nothing of what came since.
     */
    long endOffset(String topic, int partition, long askedAfterMs);

    /** The group's committed offset of the partition, or -1 when not known. */
    long committedOffset(String topic, int partition);
}
