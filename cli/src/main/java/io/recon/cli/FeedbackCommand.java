package io.recon.cli;

import io.recon.streaming.Topics;
import io.recon.streaming.feedback.Feedback;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "feedback", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = KafkaCheck.Flag.class,
        description = {"Tell Recon whether a key's alerts were right: false-positive or true-positive.",
                "",
                "Writes one record to the feedback topic (recon.feedback), which running scorers follow: a false positive "
                        + "makes the scores of the key's alerts between --from and --to part of its normal (its "
                        + "calibration), so the same pattern does not page again; both are counted "
                        + "(recon_feedback_total). 'recon retrain' keeps records of false positives in its training set "
                        + "and leaves those of true positives out. A chat-ops bot or a ticket hook can write the same JSON "
                        + "records: {\"key\",\"model\",\"from\",\"to\",\"verdict\",\"note\",\"created\",\"format\":1} (epoch ms).",
                ""},
        footer = {"", "Example:",
                "  recon feedback --bootstrap 127.0.0.1:9092 --key web-2 --from 2026-12-08T02:00:00Z --to +1h false-positive"})
final class FeedbackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VERDICT", description = "false-positive or true-positive.")
    String verdict;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The alert's key (a host, a device).")
    String key;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start of the alert's span (record time): an ISO-8601 time, 'now', or +DURATION.")
    String from;

    @Option(names = "--to", defaultValue = "now", paramLabel = "TIME",
            description = "End of the span: an ISO-8601 time, 'now', or +DURATION after --from (default ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--model", defaultValue = "", paramLabel = "NAME", description = "Only this model's alerts (default: any).")
    String model;

    @Option(names = "--note", defaultValue = "", paramLabel = "TEXT", description = "Why, for the record.")
    String note;

    @Option(names = "--topic", defaultValue = "recon.feedback", paramLabel = "T",
            description = "Feedback topic (default ${DEFAULT-VALUE}; recon serve --feedback-topic).")
    String topic;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting (repeatable).")
    Map<String, String> kafka = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long now = System.currentTimeMillis();
        long start = MaintenanceCommand.time(from, now, "--from");
        long end = MaintenanceCommand.time(to, start, "--to");
        Feedback f;
        try {
            f = new Feedback(key, model, Feedback.Verdict.of(verdict), start, end, note, now, null);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        KafkaCheck.check(spec, bootstrap, kafka);
        Map<String, Object> cfg = new HashMap<>(kafka);
        cfg.put("bootstrap.servers", bootstrap);
        try {
            Topics.createIfMissing(cfg, Topics.feedbackTopic(topic));
        } catch (java.io.IOException e) {
            throw new UserException(e.getMessage());
        }
        cfg.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), f.toJson())).get(30, TimeUnit.SECONDS);
        }
        System.out.printf("recorded: %s's alerts from %s to %s are %s%n", key, Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end), f.verdict().id());
        return 0;
    }
}
