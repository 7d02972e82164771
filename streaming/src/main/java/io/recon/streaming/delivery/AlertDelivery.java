package io.recon.streaming.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recon.schemas.Json;
import io.recon.streaming.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@code recon.alerts} to Alertmanager. Reads the topic ({@code read_committed}, every partition) from the
 * delivery's committed offsets and commits them only once Alertmanager accepted what was read, so that an
 * Alertmanager outage or a restart loses no alert: a batch is retried with back-off (1 s doubling to 30 s) until
 * accepted, and after a restart whatever was not yet accepted is read again (Alertmanager de-duplicates by labels).
 * Alerts still firing are sent again every {@code resendMs}, as Alertmanager expects of its clients; a resolved alert
 * is sent with its {@code endsAt}. At start the alerts still firing are found by reading the topic up to the
 * committed offsets, without sending. Metrics: {@code recon_alert_delivery_sent_total},
 * {@code recon_alert_delivery_failed_total} (attempts), {@code recon_alert_delivery_rejected_total} (alerts
 * Alertmanager refused as invalid: never retried, logged), {@code recon_alert_delivery_backlog} (alerts read or on the
 * topic and not yet accepted), {@code recon_alert_delivery_active} (firing).
 */
public final class AlertDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final AlertmanagerConfig config;
    private final AlertmanagerClient client;
    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final Map<String, ObjectNode> active = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong activeCount = new AtomicLong();
    private final Counter sent;
    private final Counter failed;
    private final Counter rejected;
    private final Thread thread;
    private volatile String failing; // why the last attempt failed, while failing
    /** Set when Alertmanager accepts again after failing: it may have lost what it held, so the firing set goes again. */
    private boolean resendNow;
    private volatile Instant failingSince;

    public AlertDelivery(String bootstrap, Map<String, String> kafka, String alertsTopic, String groupId,
            AlertmanagerConfig config, MeterRegistry registry) {
        this.config = config;
        this.client = new AlertmanagerClient(config);
        this.topic = alertsTopic;
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        this.consumerConfig = c;
        this.sent = Counter.builder("recon.alert.delivery.sent").description("Alerts Alertmanager accepted (firing, "
                + "resolved and re-sent)").register(registry);
        this.failed = Counter.builder("recon.alert.delivery.failed").description("Delivery attempts no Alertmanager "
                + "accepted (each retried)").register(registry);
        this.rejected = Counter.builder("recon.alert.delivery.rejected").description("Alerts Alertmanager refused as "
                + "invalid (logged with its reason; they stay on the alerts topic)").register(registry);
        Gauge.builder("recon.alert.delivery.backlog", backlog, AtomicLong::get).description("Alerts read or on the "
                + "alerts topic and not yet accepted by Alertmanager").register(registry);
        Gauge.builder("recon.alert.delivery.active", activeCount, AtomicLong::get).description("Alerts firing, re-sent "
                + "to Alertmanager on its cadence").register(registry);
        this.thread = new Thread(this::run, "recon-alert-delivery");
        thread.setDaemon(true);
    }

    /** Starts delivering; returns this. */
    public AlertDelivery start() {
        thread.start();
        LOG.info("delivering {} to Alertmanager at {}", topic, config.urls());
        return this;
    }

    /** One line for {@code /health}: delivering, or failing since when and why, with the backlog. */
    public String status() {
        String why = failing;
        if (why == null) {
            return "alert delivery: ok (" + activeCount.get() + " firing, " + backlog.get() + " waiting)";
        }
        long waiting = backlog.get();
        return "alert delivery: failing since " + failingSince + " (" + why + "); " + waiting + " alert"
                + (waiting == 1 ? "" : "s") + " waiting, retried with back-off";
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = Topics.awaitPartitions(c, topic, running);
            if (!running.get()) {
                return;
            }
            c.assign(parts);
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new java.util.HashSet<>(parts));
            rebuild(c, parts, committed);
            long nextResend = System.currentTimeMillis() + config.resendMs();
            long nextBacklog = 0;
            while (running.get()) {
                ArrayNode batch = JsonNodeFactory.instance.arrayNode();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    ObjectNode a = track(r.value());
                    if (a != null) {
                        batch.add(a);
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextBacklog) {
                    long lag = 0;
                    for (Map.Entry<TopicPartition, Long> e : c.endOffsets(parts).entrySet()) {
                        lag += Math.max(0, e.getValue() - c.position(e.getKey()));
                    }
                    backlog.set(lag + batch.size());
                    nextBacklog = now + 5_000;
                }
                if (!batch.isEmpty()) {
                    backlog.addAndGet(batch.size());
                    if (!deliver(batch, true)) {
                        return; // closing
                    }
                    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                    for (TopicPartition p : parts) {
                        done.put(p, new OffsetAndMetadata(c.position(p)));
                    }
                    c.commitSync(done);
                    backlog.set(Math.max(0, backlog.get() - batch.size()));
                }
                if (System.currentTimeMillis() >= nextResend || resendNow) {
                    resendNow = false;
                    nextResend = System.currentTimeMillis() + config.resendMs();
                    if (!active.isEmpty()) {
                        ArrayNode again = JsonNodeFactory.instance.arrayNode();
                        active.values().forEach(again::add);
                        deliver(again, false);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("alert delivery stopped: {}", e.toString(), e);
            failing = "stopped: " + e;
            failingSince = Instant.now();
        }
    }

    /** The alerts still firing, from the records before the committed offsets (nothing sent). */
    private void rebuild(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        c.seekToBeginning(parts);
        for (TopicPartition p : parts) {
            OffsetAndMetadata to = committed.get(p);
            if (to == null) {
                continue;
            }
            c.assign(List.of(p));
            while (running.get() && c.position(p) < to.offset()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() < to.offset()) {
                        track(r.value());
                    }
                }
            }
        }
        c.assign(parts);
        for (TopicPartition p : parts) {
            OffsetAndMetadata to = committed.get(p);
            if (to != null) {
                c.seek(p, to.offset());
            } else {
                c.seekToBeginning(List.of(p));
            }
        }
        if (!active.isEmpty()) {
            LOG.info("{} alerts still firing from before; they are re-sent on Alertmanager's cadence", active.size());
        }
    }

    /** Updates the firing set with one alert record; returns its Alertmanager form (null: not an alert). */
    private ObjectNode track(byte[] value) {
        if (value == null) {
            return null;
        }
        JsonNode alert;
        try {
            alert = Json.mapper().readTree(value);
        } catch (java.io.IOException e) {
            return null;
        }
        ObjectNode a = AlertmanagerAlerts.of(alert, config, System.currentTimeMillis());
        if (a == null) {
            return null;
        }
        String id = alert.path("key").asText() + '\u0000' + alert.path("model").asText() + '\u0000'
                + alert.path("kind").asText("anomaly");
        if (a.has("endsAt")) {
            active.remove(id);
        } else {
            active.put(id, a);
        }
        activeCount.set(active.size());
        return a;
    }

    /**
     * Posts until accepted (when {@code untilAccepted}) with back-off; false when closing meanwhile. A re-send that
     * fails is counted and left to the next cadence.
     */
    private boolean deliver(ArrayNode alerts, boolean untilAccepted) throws InterruptedException {
        long backoff = 1000;
        while (running.get()) {
            AlertmanagerClient.Outcome o = client.post(alerts);
            if (o.ok()) {
                sent.increment(alerts.size());
                if (failing != null) {
                    LOG.info("alert delivery to Alertmanager works again after {}; the alerts still firing are sent "
                            + "again", Duration.between(failingSince, Instant.now()).withNanos(0));
                    resendNow = true;
                }
                failing = null;
                failingSince = null;
                return true;
            }
            failed.increment();
            String why = String.join("; ", o.failures());
            if (o.refused() && untilAccepted) {
                return deliverOneByOne(alerts);
            }
            if (failing == null) {
                failingSince = Instant.now();
                LOG.warn("Alertmanager did not accept {} alert{} ({}); retrying with back-off, nothing is dropped",
                        alerts.size(), alerts.size() == 1 ? "" : "s", why);
            }
            failing = why;
            if (!untilAccepted) {
                return true;
            }
            long until = System.currentTimeMillis() + backoff;
            while (running.get() && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(200, until - System.currentTimeMillis() + 1));
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        return false;
    }

    /**
     * Alertmanager refused a batch as invalid (it keeps the valid alerts of a post and names the others): each alert
     * is posted alone, those refused again are counted in {@code recon_alert_delivery_rejected_total} and logged with
     * Alertmanager's reason (they stay on the alerts topic), so that one alert it will never take does not hold back
     * the ones after it. The rest are delivered as before, retried until accepted.
     */
    private boolean deliverOneByOne(ArrayNode alerts) throws InterruptedException {
        for (JsonNode a : alerts) {
            ArrayNode one = JsonNodeFactory.instance.arrayNode().add(a);
            AlertmanagerClient.Outcome o = client.post(one);
            if (o.refused()) {
                rejected.increment();
                LOG.warn("Alertmanager refused the alert for key {} as invalid ({}); it stays on {}, the delivery goes on",
                        a.path("labels").path("key").asText(), String.join("; ", o.failures()), topic);
                continue;
            }
            if (o.ok()) {
                sent.increment();
            } else if (!deliver(one, true)) {
                return false;
            }
        }
        failing = null;
        failingSince = null;
        return true;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
