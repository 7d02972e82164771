package io.recon.cli.demo;

import io.recon.schemas.record.Alert;
import io.recon.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Follows recon.alerts (read_committed) on a daemon thread for the demo's live view. */
final class AlertView {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    AlertView(EmbeddedKafka kafka, String group, PrintStream out, Consumer<Alert> onAlert) {
        thread = new Thread(() -> follow(kafka, group, out, onAlert), group);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(EmbeddedKafka kafka, String group, PrintStream out, Consumer<Alert> onAlert) {
        Map<String, Object> cc = Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", group,
                "auto.offset.reset", "earliest", "isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("recon.alerts"));
            while (running.get()) {
                for (var r : c.poll(Duration.ofMillis(100))) {
                    onAlert.accept(DemoRunner.parseAlert(r.value()));
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                out.println("recon demo: alert view stopped: " + e.getMessage());
            }
        }
    }

    /** Stops following and waits (up to 5 s) for the thread to end. */
    void stop() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
