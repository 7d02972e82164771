package io.recon.serve.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The known harmless lines, as Kafka 4.3 prints them (copied from a serve run's and a broker's log), and their kin that must pass. */
class KnownNoiseTest {
    private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String RETRY = "[Producer clientId=app-1-StreamThread-1-producer, transactionalId=app-1] Got error "
            + "produce response with correlation id 12 on topic-partition app-samples-repartition-1, retrying "
            + "(2147483646 attempts left). Error: ";

    @Test
    void theRetriesOfATransactionsFirstBatchAreDropped() {
        assertTrue(KnownNoise.isKnown(SENDER, Level.WARN, RETRY + "CONCURRENT_TRANSACTIONS", null));
        assertTrue(KnownNoise.isKnown(SENDER, Level.WARN, RETRY + "OUT_OF_ORDER_SEQUENCE_NUMBER", null));
        assertFalse(KnownNoise.isKnown(SENDER, Level.WARN, RETRY + "NOT_LEADER_OR_FOLLOWER", null), "other errors pass");
        assertFalse(KnownNoise.isKnown(SENDER, Level.ERROR, RETRY + "CONCURRENT_TRANSACTIONS", null), "errors pass");
    }

    @Test
    void theBrokersSideOnlyWithItsException() {
        String logger = "kafka.server.ReplicaManager";
        String m = "[ReplicaManager broker=1] Error processing append operation on partition abc:app-samples-repartition-1";
        assertTrue(KnownNoise.isKnown(logger, Level.ERROR, m, new OutOfOrderSequenceException("Invalid sequence number")));
        assertFalse(KnownNoise.isKnown(logger, Level.ERROR, m, new IllegalStateException("disk")), "other failures pass");
        assertFalse(KnownNoise.isKnown(logger, Level.ERROR, m, null));
    }

    @Test
    void theEmbeddedBrokersStartAndStop() {
        assertTrue(KnownNoise.isKnown("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] "
                + "Performing controller activation. The metadata log appears to be empty. Appending 6 bootstrap record(s)", null));
        assertTrue(KnownNoise.isKnown("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] "
                + "Performing controller activation.", null), "a restart on its data directory (recon kafka --dir)");
        assertFalse(KnownNoise.isKnown("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] "
                + "Renouncing leadership", null));
        assertTrue(KnownNoise.isKnown("org.apache.kafka.clients.NetworkClient", Level.WARN, "[NodeToControllerChannelManager "
                + "id=1 name=registration] Attempting to close NetworkClient that has already been closed.", null));
        assertFalse(KnownNoise.isKnown("org.apache.kafka.clients.NetworkClient", Level.WARN, "[Consumer clientId=c] Connection "
                + "to node -1 (/127.0.0.1:9092) could not be established. Node may not be available.", null));
        assertFalse(KnownNoise.isKnown("io.recon.streaming.ReconService", Level.WARN, "anything of Recon's", null));
        String creation = "kafka.server.DefaultAutoTopicCreationManager";
        assertTrue(KnownNoise.isKnown(creation, Level.WARN, "Auto topic creation failed for __consumer_offsets with error "
                + "'TOPIC_ALREADY_EXISTS': Topic '__consumer_offsets' already exists.", null), "two coordinator lookups at once");
        assertFalse(KnownNoise.isKnown(creation, Level.WARN, "Auto topic creation failed for __consumer_offsets with error "
                + "'INVALID_REPLICATION_FACTOR': Replication factor: 3 larger than available brokers: 1.", null), "a real one");
    }

    @Test
    void aConsumerGroupsOwnRepartitionTopicBeforeItsFirstAssignment() {
        String logger = "org.apache.kafka.clients.NetworkClient";
        String head = "[Consumer clientId=recon-scorer-33212126-StreamThread-1-consumer, groupId=recon-scorer] The metadata "
                + "response from the cluster reported a recoverable issue with correlation id 2 : {";
        assertTrue(KnownNoise.isKnown(logger, Level.WARN, head + "recon-scorer-samples-repartition=UNKNOWN_TOPIC_OR_PARTITION}",
                null));
        assertFalse(KnownNoise.isKnown(logger, Level.WARN, head + "telegraf=UNKNOWN_TOPIC_OR_PARTITION}", null),
                "an input topic that is not there passes");
        assertFalse(KnownNoise.isKnown(logger, Level.WARN, head + "recon-scorer-samples-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                + "telegraf=UNKNOWN_TOPIC_OR_PARTITION}", null), "with a missing input topic beside it, it passes");
        assertFalse(KnownNoise.isKnown(logger, Level.WARN, head + "other-app-samples-repartition=UNKNOWN_TOPIC_OR_PARTITION}",
                null), "another application's topic passes");
        assertFalse(KnownNoise.isKnown(logger, Level.WARN, head + "recon-scorer-samples-repartition=TOPIC_AUTHORIZATION_FAILED}",
                null), "another error passes");
    }
}
