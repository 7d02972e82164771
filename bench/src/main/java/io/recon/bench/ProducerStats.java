package io.recon.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What an app's producers sent, read from the Kafka clients' own metrics over JMX: records and bytes by topic
 * (changelogs included), requests and batch sizes, so that two apps' output can be compared (every producer batch
 * costs a compression buffer, and every request the broker's validation).
 */
final class ProducerStats {
    private ProducerStats() {}

    /** Per topic of the app's producers, records and bytes sent; per producer, requests and batch sizes. */
    static String describe(String applicationId) {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        StringBuilder sb = new StringBuilder();
        try {
            for (ObjectName n : ofApp(mbs, "producer-topic-metrics", applicationId)) {
                sb.append(String.format("%n    %-50s %,12.0f records %,14.0f bytes",
                        n.getKeyProperty("topic").replace(applicationId, "<app>"), num(mbs.getAttribute(n, "record-send-total")),
                        num(mbs.getAttribute(n, "byte-total"))));
            }
            for (ObjectName n : ofApp(mbs, "producer-metrics", applicationId)) {
                sb.append(String.format("%n    %,.0f requests, %.1f records per request, batches of %,.0f bytes on average",
                        num(mbs.getAttribute(n, "request-total")), num(mbs.getAttribute(n, "records-per-request-avg")),
                        num(mbs.getAttribute(n, "batch-size-avg"))));
            }
        } catch (JMException e) {
            sb.append(" unavailable: ").append(e.getMessage());
        }
        return sb.toString();
    }

    /** The producer MBeans of one type whose client id names the app. */
    private static List<ObjectName> ofApp(MBeanServer mbs, String type, String applicationId) throws JMException {
        return mbs.queryNames(new ObjectName("kafka.producer:type=" + type + ",*"), null).stream()
                .filter(n -> n.getKeyProperty("client-id") != null && n.getKeyProperty("client-id").contains(applicationId))
                .toList();
    }

    private static double num(Object v) {
        return v instanceof Number x ? x.doubleValue() : Double.NaN;
    }
}
