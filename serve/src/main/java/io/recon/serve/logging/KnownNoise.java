package io.recon.serve.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops the WARN and ERROR lines Kafka prints on a healthy run, each named here with why it is harmless, so that
 * a line at those levels on Recon's console means something. Everything else passes (real failures of the same
 * components among them: each entry matches one message and, where it has one, one exception type). On the console
 * appender of {@code log4j2.xml}: only events printed anyway are looked at. {@code RECON_VERBOSE_KAFKA=1} keeps them.
 */
@Plugin(name = "KnownNoise", category = Node.CATEGORY, elementType = Filter.ELEMENT_TYPE, printObject = true)
public final class KnownNoise extends AbstractFilter {
    private KnownNoise() {
        super(Result.DENY, Result.NEUTRAL);
    }

    @PluginFactory
    public static KnownNoise create() {
        return new KnownNoise();
    }

    @Override
    public Result filter(LogEvent event) {
        if (System.getenv("RECON_VERBOSE_KAFKA") != null) {
            return Result.NEUTRAL;
        }
        return isKnown(event.getLoggerName(), event.getLevel(), event.getMessage().getFormattedMessage(),
                event.getThrown()) ? onMatch : onMismatch;
    }

    /** True for one of the known harmless lines. */
    static boolean isKnown(String logger, Level level, String message, Throwable thrown) {
        if (level == null || !level.isMoreSpecificThan(Level.WARN) || message == null) {
            return false;
        }
        if (logger.endsWith(".Sender") && level == Level.WARN && message.contains("Got error produce response")
                && message.contains("retrying") && (message.endsWith("Error: CONCURRENT_TRANSACTIONS")
                || message.endsWith("Error: OUT_OF_ORDER_SEQUENCE_NUMBER"))) {
            // A transaction's first batch to a partition while the previous commit's markers are still being written
            // (transactions v2): the broker answers "retry", the producer retries and succeeds. Were the retry to
            // fail, the producer's error ends the transaction and Kafka Streams logs that at ERROR.
            return true;
        }
        if (logger.endsWith(".ReplicaManager") && level == Level.ERROR
                && message.startsWith("[ReplicaManager broker=") && message.contains("Error processing append operation")
                && thrown != null && thrown.getClass().getSimpleName().equals("OutOfOrderSequenceException")) {
            // The embedded broker's side of the same: the append it answered with OUT_OF_ORDER_SEQUENCE_NUMBER.
            return true;
        }
        if (logger.endsWith(".QuorumController") && level == Level.WARN
                && message.matches("\\[QuorumController id=\\d+\\] Performing controller activation\\..*")) {
            // The embedded broker's controller becoming active: on an empty data directory it writes its bootstrap
            // metadata ("The metadata log appears to be empty..."), on a restart over its data it says only this.
            return true;
        }
        if (logger.endsWith(".DefaultAutoTopicCreationManager") && level == Level.WARN
                && message.matches("Auto topic creation failed for __(consumer_offsets|transaction_state) with error "
                        + "'TOPIC_ALREADY_EXISTS'.*")) {
            // A fresh broker asked by two clients at once for a coordinator creates its internal topic once; the
            // second creation finds it there and the client asks again.
            return true;
        }
        if (logger.endsWith(".NetworkClient") && level == Level.WARN && ownRepartitionTopicNotYetThere(message)) {
            // The shipper formats' first start: the consumer subscribes to the application's own repartition topic
            // before the group leader's first assignment has created it (Kafka Streams creates its internal topics
            // there); the next metadata request finds it. Only the app's own "<group>-...-repartition" topics.
            return true;
        }
        if (logger.endsWith(".NetworkClient") && level == Level.WARN
                && message.contains("Attempting to close NetworkClient that has already been closed")) {
            // The embedded broker's controller channel closed twice while it stops.
            return true;
        }
        return false;
    }

    private static final Pattern UNKNOWN_TOPICS = Pattern.compile(
            "\\[Consumer clientId=[^,\\]]+, groupId=([^\\]]+)\\] The metadata response from the cluster reported a "
                    + "recoverable issue with correlation id \\d+ : \\{(.+)\\}");

    /** A metadata warning whose every topic is the consumer group's own repartition topic, unknown as yet. */
    private static boolean ownRepartitionTopicNotYetThere(String message) {
        Matcher m = UNKNOWN_TOPICS.matcher(message);
        if (!m.matches()) {
            return false;
        }
        String prefix = m.group(1) + "-";
        for (String entry : m.group(2).split(", ")) {
            int eq = entry.indexOf('=');
            if (eq < 0 || !entry.substring(eq + 1).equals("UNKNOWN_TOPIC_OR_PARTITION")) {
                return false;
            }
            String topic = entry.substring(0, eq);
            if (!topic.startsWith(prefix) || !topic.endsWith("-repartition")) {
                return false;
            }
        }
        return true;
    }
}
