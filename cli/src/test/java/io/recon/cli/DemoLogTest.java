package io.recon.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/** The demo's screen: Recon's own log lines, library warnings and the embedded broker's log off. */
class DemoLogTest {
    @Test
    void theDemoKeepsReconsLinesAndQuietsTheLibraries() throws Exception {
        try {
            // the shipped configuration (serve's log4j2.xml), whose own logger entries the root's level does not reach
            Configurator.reconfigure(getClass().getResource("/log4j2.xml").toURI());
            assertTrue(LogManager.getLogger("org.apache.kafka.clients.NetworkClient").isWarnEnabled(), "shipped config");
            DemoCommand.quietLibraries();
            assertTrue(LogManager.getLogger("io.recon.streaming.ReconService").isInfoEnabled(), "Recon's lines");
            assertFalse(LogManager.getLogger("org.apache.kafka.clients.NetworkClient").isWarnEnabled(), "client warnings");
            assertTrue(LogManager.getLogger("org.apache.kafka.streams.KafkaStreams").isErrorEnabled(), "client errors");
            assertFalse(LogManager.getLogger("kafka.server.ReplicaManager").isErrorEnabled(), "the embedded broker");
        } finally {
            Configurator.reconfigure();
        }
    }
}
