package io.recon.cli;

import io.recon.cli.retrain.TopicWindow;
import io.recon.streaming.Topics;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.maintenance.MaintenanceWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"Plan maintenance windows: matching keys raise no alert while the window lasts.",
                "",
                "Windows live on a compacted topic (recon.maintenance) that every running scorer follows. A record of a "
                        + "matching key whose own time falls in a window is still scored, marked \"maintenance\" in the "
                        + "scored output, raises no alert and never enters its key's calibration history.",
                ""},
        footer = {"", "Examples:",
                "  recon maintenance add --bootstrap 127.0.0.1:9092 --keys 'db-.*' --from 2026-12-08T02:00:00Z --to +2h "
                        + "--reason 'kernel upgrade'",
                "  recon maintenance list --bootstrap 127.0.0.1:9092",
                "  recon maintenance remove --bootstrap 127.0.0.1:9092 ID"},
        subcommands = {MaintenanceCommand.Add.class, MaintenanceCommand.ListWindows.class, MaintenanceCommand.Remove.class})
final class MaintenanceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The options every subcommand shares. */
    static final class Target {
        @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--topic", defaultValue = "recon.maintenance", paramLabel = "T",
                description = "Maintenance topic (default ${DEFAULT-VALUE}; recon serve --maintenance-topic).")
        String topic;

        @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting (repeatable).")
        Map<String, String> kafka = new LinkedHashMap<>();

        Map<String, Object> client() {
            Map<String, Object> cfg = new HashMap<>(kafka);
            cfg.put("bootstrap.servers", bootstrap);
            return cfg;
        }

        /** The topic, created compacted when missing. */
        void ensure() throws Exception {
            try {
                Topics.createIfMissing(client(), Topics.maintenanceTopic(topic));
            } catch (java.io.IOException e) {
                throw new UserException(e.getMessage());
            }
        }

        void write(String id, byte[] value) throws Exception {
            Map<String, Object> cfg = client();
            cfg.put("acks", "all");
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
            }
        }

        /** The windows on the topic now, by id. */
        Map<String, MaintenanceWindow> read() {
            Map<String, MaintenanceWindow> out = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicWindow.read(bootstrap, kafka, topic, 0)) {
                String id = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                if (r.value() == null) {
                    out.remove(id);
                } else {
                    try {
                        out.put(id, MaintenanceWindow.fromJson(r.value()));
                    } catch (IllegalArgumentException e) {
                        // not a window: the scorers ignore it too
                    }
                }
            }
            return out;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, modelTransformer = KafkaCheck.Flag.class,
            description = "Add a window: keys matching --keys raise no alert from --from to --to (their records' own times).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--keys", required = true, paramLabel = "REGEX", description = "Regular expression a whole key must match.")
        String keys;

        @Option(names = "--from", defaultValue = "now", paramLabel = "TIME",
                description = "Start: an ISO-8601 time (2026-12-08T02:00:00Z), 'now', or +DURATION from now (default ${DEFAULT-VALUE}).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME",
                description = "End (excluded): an ISO-8601 time, or +DURATION from --from (+2h, +30m).")
        String to;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for whoever reads the list.")
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long now = System.currentTimeMillis();
            long start = time(from, now, "--from");
            long end = time(to, start, "--to");
            MaintenanceWindow w;
            try {
                w = new MaintenanceWindow(UUID.randomUUID().toString().substring(0, 8), keys, start, end, reason, now);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            KafkaCheck.check(spec, target.bootstrap, target.kafka);
            target.ensure();
            target.write(w.id(), w.toJson());
            System.out.printf("added maintenance window %s: keys matching %s from %s to %s%s%n", w.id(), keys,
                    Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), reason == null ? "" : " (" + reason + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, modelTransformer = KafkaCheck.Flag.class,
            description = "List the windows on the topic, with their state now (planned, active, over).")
    static final class ListWindows implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            KafkaCheck.check(spec, target.bootstrap, target.kafka);
            target.ensure();
            Map<String, MaintenanceWindow> windows = target.read();
            if (windows.isEmpty()) {
                System.out.println("no maintenance windows on " + target.topic);
                return 0;
            }
            long now = System.currentTimeMillis();
            System.out.printf("%-9s %-8s %-21s %-21s %-20s %s%n", "ID", "STATE", "FROM", "TO", "KEYS", "REASON");
            for (MaintenanceWindow w : windows.values()) {
                String state = now < w.fromMs() ? "planned" : now < w.toMs() ? "active" : "over";
                System.out.printf("%-9s %-8s %-21s %-21s %-20s %s%n", w.id(), state, Instant.ofEpochMilli(w.fromMs()),
                        Instant.ofEpochMilli(w.toMs()), w.keys(), w.reason());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, modelTransformer = KafkaCheck.Flag.class,
            description = "Remove a window (its records from then on are judged as usual).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(index = "0", paramLabel = "ID", description = "The window's id (recon maintenance list).")
        String id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            KafkaCheck.check(spec, target.bootstrap, target.kafka);
            target.ensure();
            if (!target.read().containsKey(id)) {
                throw new UserException("no maintenance window " + id + " on " + target.topic + " (recon maintenance list)");
            }
            target.write(id, null);
            System.out.println("removed maintenance window " + id);
            return 0;
        }
    }

    /** Epoch milliseconds of an ISO-8601 time, {@code now}, or {@code +DURATION} after {@code base}. */
    static long time(String text, long base, String option) {
        String s = text.trim();
        if (s.equals("now")) {
            return System.currentTimeMillis();
        }
        if (s.startsWith("+")) {
            try {
                return base + AssemblyConfig.parseDuration(s.substring(1));
            } catch (IllegalArgumentException e) {
                throw new UserException(option + ": " + e.getMessage());
            }
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new UserException(option + ": '" + text + "' is not a time: an ISO-8601 time "
                        + "(2026-12-08T02:00:00Z), 'now' or +DURATION (+2h)");
            }
        }
    }
}
