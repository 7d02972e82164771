package io.recon.streaming.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaults() throws Exception {
        Path file = dir.resolve("recon.properties");
        Files.writeString(file, "recon.bootstrap=file:9092\nrecon.model.dir=/m\nrecon.batch.size=64\nrecon.batch.wait.ms=9\n"
                + "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nssl.truststore.location=/etc/ts.jks\n");
        ServeConfig c = ConfigLoader.load(Map.of("recon.batch.size", "512"),
                Map.of("RECON_BATCH_SIZE", "128", "RECON_BATCH_WAIT_MS", "7", "RECON_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "HOME", "/root"), file);
        assertEquals(512, c.batchSize(), "flag wins");
        assertEquals(7, c.batchWaitMs(), "environment beats file");
        assertEquals("file:9092", c.bootstrap(), "file beats default");
        assertEquals(List.of("recon.records"), c.inputTopics(), "default");
        assertEquals("exactly_once_v2", c.processingGuarantee());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/ts.jks"), c.kafka(), "Kafka settings passed through untouched");
        Properties p = StreamsConfigFactory.build(c);
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("/etc/ts.jks", p.get("ssl.truststore.location"));
        assertEquals(7L, p.get("poll.ms"), "an idle stream thread wakes within the batch wait");
        assertEquals(20, p.get("restore.consumer.fetch.max.wait.ms"), "restoration does not wait on long fetches");
        ServeConfig own = ConfigLoader.load(Map.of("recon.bootstrap", "b:9092", "recon.model.dir", "/m", "poll.ms", "50"),
                Map.of(), null);
        assertEquals("50", StreamsConfigFactory.build(own).get("poll.ms"), "the user's own poll.ms wins");
    }

    @Test
    void invalidSettingsAreNamed() {
        Map<String, String> base = Map.of("recon.bootstrap", "b:1", "recon.model.dir", "/m");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(
                with(base, "recon.batch.size", "lots"), Map.of(), null));
        assertTrue(e.getMessage().contains("recon.batch.size") && e.getMessage().contains("INT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(with(base, "recon.batch.size", "-1"), Map.of(),
                null));
        assertTrue(e.getMessage().contains("recon.batch.size") && e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(with(with(base, "recon.route.by", "key"),
                "recon.route.rules", "([a=m"), Map.of(), null));
        assertTrue(e.getMessage().startsWith("recon.route.rules: '([a' is not a valid regular expression"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(with(base, "recon.route.rules", "nomodel"),
                Map.of(), null));
        assertTrue(e.getMessage().contains("is not pattern=model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(
                with(base, "recon.processing.guarantee", "exactly_once"), Map.of(), null));
        assertTrue(e.getMessage().contains("exactly_once_v2"));
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(with(base, "recon.batchsize", "1"), Map.of(), null));
        assertTrue(e.getMessage().contains("unknown setting recon.batchsize"));
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(Map.of("recon.model.dir", "/m"), Map.of(), null));
        assertTrue(e.getMessage().contains("--bootstrap"));
        assertEquals(3, ConfigLoader.load(base, Map.of("RECON_SKIP_BUILD", "1", "RECON_BATCH_SIZE", "3"), null).batchSize(),
                "RECON_* variables that are not settings are left alone");
        assertEquals("at_least_once", ConfigLoader.load(with(base, "recon.processing.guarantee", "at_least_once"), Map.of(),
                null).processingGuarantee());
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }
}
