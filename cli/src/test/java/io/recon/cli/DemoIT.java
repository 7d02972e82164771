package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recon.cli.demo.DemoOptions;
import io.recon.cli.demo.DemoRunner;
import io.recon.trainer.train.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The demo end to end, short: real broker, training, scoring; /metrics while it runs; nothing left after. */
class DemoIT {
    @Test
    void detectsInjectedAnomaliesServesMetricsAndCleansUp() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoRunner runner = new DemoRunner(new DemoOptions(15, 1000, "dense-ae", null, null, null, 0, 10, 7),
                new PrintStream(buf, true));
        AtomicReference<String> scraped = new AtomicReference<>("");
        Thread watcher = new Thread(() -> {
            try {
                while (scraped.get().isEmpty()) {
                    int port = runner.metricsPort();
                    if (port > 0) {
                        String m = StreamFixture.scrape(port, "/metrics");
                        if (m.contains("recon_records_scored_total")) {
                            scraped.set(m);
                        }
                    }
                    Thread.sleep(500);
                }
            } catch (Exception ignored) {
                // the demo ended first
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        Map<String, Object> summary;
        Path work;
        try {
            summary = runner.run(ProgressListener.NONE);
            work = runner.workDir();
        } finally {
            runner.close();
        }
        String out = buf.toString();
        assertTrue(scraped.get().startsWith("200"), "metrics served while running");
        assertEquals(summary.get("records"), summary.get("scored"), out);
        assertTrue(((Number) summary.get("records")).longValue() >= 14_000, out);
        assertTrue((int) summary.get("injected") >= 5, out);
        assertTrue(((Number) summary.get("precision")).doubleValue() >= 0.8, "precision " + summary + "\n" + out);
        assertTrue(((Number) summary.get("recall")).doubleValue() >= 0.8, "recall " + summary + "\n" + out);
        assertTrue(out.contains("ALERT host-"), "alerts shown live");
        assertFalse(Files.exists(work), "temporary directory removed");
    }
}
