package io.recon.streaming.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the samples' repartition topic: by entity (the key), as Kafka's producer does (murmur2), so each
 * entity is assembled by one task; a decoding task's notice that its partitions are caught up ({@link #IDLE_KEY})
 * goes to every partition, for every assembling task to hear.
 */
final class SamplePartitioner implements StreamPartitioner<byte[], byte[]> {
    /** The key of the caught-up notices (no entity is a NUL followed by "idle"). */
    static final byte[] IDLE_KEY = "\u0000idle".getBytes(StandardCharsets.UTF_8);

    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, byte[] value, int numPartitions) {
        if (Arrays.equals(key, IDLE_KEY)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key)) % numPartitions));
    }
}
