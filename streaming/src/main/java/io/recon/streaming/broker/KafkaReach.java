package io.recon.streaming.broker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Is Kafka there? Asked once, before a command's first real request, so that a wrong address, a stopped broker or
 * wrong credentials end the command within its timeout with one line naming the address and what to check, instead
 * of a client retrying for minutes. First a plain TCP connection to each bootstrap address, retried until the timeout
 * (a broker that is still starting gets that long; refused, unresolvable or silent hosts are then named, no Kafka
 * client involved), then a metadata request with the user's client settings
 * (authentication and TLS failures named as such), then the brokers the cluster advertises (a broker reachable at
 * its bootstrap address but advertising an address the client cannot reach is the classic listener mistake).
 */
public final class KafkaReach {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReach.class);
    private KafkaReach() {}

    /** The broker cannot be used; the message is the one line to show, ending in what to check. */
    public static final class UnreachableException extends RuntimeException {
        public UnreachableException(String message) {
            super(message);
        }
    }

    /**
     * Returns once a broker answers a metadata request over {@code bootstrap} with these client settings (security
     * settings included); throws {@link UnreachableException} within about {@code timeout} otherwise.
     */
    public static void check(String bootstrap, Map<String, ?> clientSettings, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> addresses = addresses(bootstrap);
        boolean told = false;
        while (true) {
            List<String> failures = new ArrayList<>();
            boolean anyOpen = false;
            for (String address : addresses) {
                String failure = connect(address, Math.max(200, Math.min(2_000, remaining(deadline, addresses.size()))));
                if (failure == null) {
                    anyOpen = true;
                    break;
                }
                failures.add(addresses.size() == 1 ? failure : address + ": " + failure);
            }
            if (anyOpen) {
                break;
            }
            // a broker that is starting (beside Recon, in a walk-through, a compose file) gets the whole timeout
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new UnreachableException("cannot reach Kafka at " + bootstrap + ": " + String.join("; ", failures)
                        + "; is the broker running? check --bootstrap");
            }
            if (!told) {
                LOG.info("waiting up to {} for Kafka at {} ({})", seconds(left), bootstrap, String.join("; ", failures));
                told = true;
            }
            try {
                Thread.sleep(Math.min(250, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnreachableException("interrupted while waiting for Kafka at " + bootstrap);
            }
        }
        Collection<Node> nodes = describe(bootstrap, clientSettings, deadline, timeout);
        List<String> advertised = new ArrayList<>();
        for (Node n : nodes) {
            String address = n.host() + ":" + n.port();
            if (connect(address, Math.max(500, remaining(deadline, nodes.size()))) == null) {
                return;
            }
            advertised.add(address);
        }
        if (!advertised.isEmpty()) {
            throw new UnreachableException("Kafka at " + bootstrap + " answers, but the brokers it advertises ("
                    + String.join(", ", advertised) + ") cannot be reached from here; check the broker's advertised.listeners");
        }
    }

    /** The bootstrap list's addresses; a malformed one is named. */
    static List<String> addresses(String bootstrap) {
        List<String> out = new ArrayList<>();
        for (String a : bootstrap.split(",")) {
            String s = a.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new UnreachableException("'" + s + "' is not a Kafka address: give HOST:PORT (e.g. 127.0.0.1:9092) "
                        + "to --bootstrap");
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw new UnreachableException("no Kafka address given: set --bootstrap HOST:PORT");
        }
        return out;
    }

    /** Null when a TCP connection to {@code host:port} opens within the time; else why not, in a few words. */
    static String connect(String address, long timeoutMs) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(address.substring(colon + 1));
        if (port < 1 || port > 65_535) {
            return "port " + port + " is out of range";
        }
        InetAddress[] ips;
        try {
            ips = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "unknown host '" + host + "'";
        }
        String last = "no address for '" + host + "'";
        for (InetAddress ip : ips) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs)));
                return null;
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (SocketTimeoutException e) {
                last = "no answer in " + seconds(timeoutMs) + " (wrong host, or a firewall?)";
            } catch (NoRouteToHostException e) {
                last = "no route to host";
            } catch (IOException e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        return last;
    }

    private static Collection<Node> describe(String bootstrap, Map<String, ?> clientSettings, long deadline, Duration timeout) {
        Map<String, Object> cfg = new HashMap<>(clientSettings);
        cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        int ms = (int) Math.max(1000, remaining(deadline, 1));
        cfg.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        cfg.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        cfg.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "recon-reach");
        Admin admin;
        try {
            admin = Admin.create(cfg);
        } catch (KafkaException e) {
            throw new UnreachableException("the Kafka client settings do not work: " + rootMessage(e) + "; check --kafka");
        }
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes().get(ms + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SslAuthenticationException) {
                throw new UnreachableException("TLS handshake with Kafka at " + bootstrap + " failed: " + rootMessage(c)
                        + "; check the ssl.* settings and security.protocol (--kafka)");
            }
            if (c instanceof SaslAuthenticationException || c instanceof AuthenticationException) {
                throw new UnreachableException("Kafka at " + bootstrap + " refused authentication: " + rootMessage(c)
                        + "; check the sasl.* settings and security.protocol (--kafka)");
            }
            if (c instanceof AuthorizationException) {
                return List.of(); // connected and authenticated: what may be done is for the request itself to say
            }
            if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw silent(bootstrap, clientSettings, timeout);
            }
            throw new UnreachableException("Kafka at " + bootstrap + " did not answer: " + rootMessage(c) + "; check --bootstrap "
                    + "and the client settings (--kafka)");
        } catch (TimeoutException e) {
            throw silent(bootstrap, clientSettings, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while waiting for Kafka at " + bootstrap);
        } finally {
            admin.close(Duration.ZERO); // nothing of it is needed any more: do not wait for its requests
        }
    }

    private static UnreachableException silent(String bootstrap, Map<String, ?> clientSettings, Duration timeout) {
        Object protocol = clientSettings.get("security.protocol");
        if (protocol != null && String.valueOf(protocol).trim().toUpperCase(Locale.ROOT).endsWith("SSL")) {
            return new UnreachableException("TLS handshake with Kafka at " + bootstrap + " did not complete in "
                    + seconds(timeout.toMillis()) + ": does that listener speak TLS (security.protocol=" + protocol
                    + ")? check --bootstrap and the ssl.* settings (--kafka)");
        }
        return new UnreachableException("Kafka at " + bootstrap + " accepts connections but did not answer in "
                + seconds(timeout.toMillis()) + ": is it a Kafka broker, and does security.protocol match its listener "
                + "(PLAINTEXT, SSL, SASL_*)? check --bootstrap and --kafka; --bootstrap-timeout waits longer");
    }

    private static long remaining(long deadline, int parts) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) / Math.max(1, parts));
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() != null ? c.getMessage() : t.getMessage();
        return m != null ? m : c.getClass().getSimpleName();
    }
}
