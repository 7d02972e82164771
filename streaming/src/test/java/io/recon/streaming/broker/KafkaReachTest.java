package io.recon.streaming.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a command says when Kafka is not there, checked against real sockets on loopback: a closed port, an address
 * that does not resolve, a malformed address, and a listener that accepts connections and never answers (not a
 * Kafka broker, or one whose listener wants TLS). The broker ITs cover the answering case.
 */
class KafkaReachTest {
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String fails(String bootstrap, Map<String, ?> settings, Duration timeout) {
        return assertThrows(KafkaReach.UnreachableException.class, () -> KafkaReach.check(bootstrap, settings, timeout))
                .getMessage();
    }

    @Test
    void aClosedPortIsNamedOnceTheTimeoutIsOver() throws Exception {
        int port = closedPort();
        long start = System.nanoTime();
        String m = fails("127.0.0.1:" + port, Map.of(), Duration.ofMillis(1500));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("cannot reach Kafka at 127.0.0.1:" + port + ": connection refused; is the broker running? check --bootstrap", m);
        assertTrue(ms >= 1400 && ms < 5000, "a starting broker gets the timeout, no more: " + ms + " ms");
    }

    @Test
    void aBrokerThatOpensItsPortWhileWaitedForIsFound() throws Exception {
        int port = closedPort();
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(600);
                try (Silent late = new Silent(port)) {
                    Thread.sleep(3000);
                }
            } catch (Exception e) {
                // the test fails on its own
            }
        });
        opener.start();
        // the port opens after 0.6 s: the check goes on to the metadata request, which this listener never answers
        String m = fails("127.0.0.1:" + port, Map.of(), Duration.ofSeconds(2));
        assertTrue(m.contains("accepts connections but did not answer"), m);
        opener.join();
    }

    @Test
    void everyAddressOfAListIsNamed() throws Exception {
        int a = closedPort();
        int b = closedPort();
        String m = fails("127.0.0.1:" + a + ", 127.0.0.1:" + b, Map.of(), Duration.ofMillis(500));
        assertTrue(m.contains("127.0.0.1:" + a + ": connection refused; 127.0.0.1:" + b + ": connection refused"), m);
    }

    @Test
    void anUnknownHostIsNamed() {
        String m = fails("no-such-broker.invalid:9092", Map.of(), Duration.ofMillis(500));
        assertTrue(m.contains("unknown host 'no-such-broker.invalid'"), m);
    }

    @Test
    void aMalformedAddressSaysWhatToGive() {
        assertTrue(fails("localhost", Map.of(), Duration.ofSeconds(1)).contains("give HOST:PORT"));
        assertTrue(fails("localhost:port", Map.of(), Duration.ofSeconds(1)).contains("give HOST:PORT"));
        assertTrue(fails(" , ", Map.of(), Duration.ofSeconds(1)).contains("no Kafka address given"));
    }

    @Test
    void aListenerThatNeverAnswersEndsWithinTheTimeout() throws Exception {
        try (Silent silent = new Silent()) {
            long start = System.nanoTime();
            String m = fails("127.0.0.1:" + silent.port(), Map.of(), Duration.ofSeconds(2));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(m.startsWith("Kafka at 127.0.0.1:" + silent.port() + " accepts connections but did not answer in 2 s"), m);
            assertTrue(ms < 6_000, "ended after " + ms + " ms");
            String tls = fails("127.0.0.1:" + silent.port(), Map.of("security.protocol", "SSL"), Duration.ofSeconds(2));
            assertTrue(tls.startsWith("TLS handshake with Kafka at 127.0.0.1:" + silent.port() + " did not complete in 2 s"), tls);
        }
    }

    @Test
    void clientSettingsThatCannotWorkAreNamed() throws Exception {
        try (Silent silent = new Silent()) {
            String m = fails("127.0.0.1:" + silent.port(), Map.of("security.protocol", "NOPE"), Duration.ofSeconds(2));
            assertTrue(m.startsWith("the Kafka client settings do not work: "), m);
        }
    }

    /** Accepts connections and reads nothing, answers nothing. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread thread;

        Silent() throws IOException {
            this(0);
        }

        Silent(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-listener");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
            thread.join(2000);
        }
    }
}
