package io.recon.cli;

import io.recon.cli.retrain.RetrainJob;
import io.recon.schemas.Json;
import io.recon.serve.ServeCommand;
import io.recon.streaming.config.InputOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainCommand.InputFlags.class,
        description = {"Retrain the serving model on recent records and publish the new version if it passes: its "
                        + "false alarms on the latest records within --max-far, and its scores drifted no more than the "
                        + "serving model's (PSI, at least 0.1 allowed). The serving model's own false alarms on those "
                        + "records are shown, not compared: they are low by construction, since the records it flagged "
                        + "are left out; a candidate may show more of them and still pass.",
                "",
                "Builds a training set from a time window of the input topic, leaving out records that were "
                        + "alerted (recon.alerts) or scored anomalous (recon.scores); trains a candidate of the serving "
                        + "model's kind and architecture; compares it with the serving model on the latest slice of the "
                        + "window (false alarms at each one's threshold, drift of the serving scores); publishes it to the "
                        + "model topic only if it passes, and says why in either case. Runs once and exits, for a "
                        + "scheduler (cron, the compose service, a Kubernetes CronJob). The last stdout line is JSON with "
                        + "the decision.",
                "",
                "Shipper formats (--input-format telegraf-json, prometheus-json, otlp-proto, ...; the same settings as "
                        + "'recon serve'; by default those the serving model was trained with): the records are assembled "
                        + "into the vectors the scorer made of them.",
                ""})
final class RetrainCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "recon.records", paramLabel = "T", description = "Input topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--since", defaultValue = "24h", paramLabel = "AGE",
            description = "Window start: an age (90m, 24h, 7d) or an ISO-8601 instant (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--model-topic", defaultValue = "recon.models", paramLabel = "T",
            description = "Model topic to read the serving model from and publish to (default ${DEFAULT-VALUE}).")
    String modelTopic;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Which model of the model topic (needed when it holds several).")
    String modelName;

    @Option(names = "--serving", paramLabel = "DIR", description = "Take the serving model from this directory instead of the model topic.")
    Path serving;

    @Option(names = "--scores-topic", defaultValue = "recon.scores", paramLabel = "T", description = "Scored records (default ${DEFAULT-VALUE}).")
    String scoresTopic;

    @Option(names = "--alerts-topic", defaultValue = "recon.alerts", paramLabel = "T", description = "Alerts (default ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(names = "--holdout", defaultValue = "0.2", paramLabel = "F", description = "Latest share of the window kept for the comparison (default ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--max-far", defaultValue = "0.02", paramLabel = "P",
            description = "Largest false-alarm rate a candidate may show on the held-out slice (default ${DEFAULT-VALUE}).")
    double maxFar;

    @Option(names = "--min-drift", defaultValue = "0", paramLabel = "PSI",
            description = "Only retrain when the serving scores drifted at least this much (PSI) or raise too many false alarms (default 0: always).")
    double minDrift;

    @Option(names = "--epochs", defaultValue = "50", paramLabel = "N", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Keep the candidate here (default: a temporary directory, "
            + "removed when the command ends).")
    Path out;

    @Option(names = "--dry-run", description = "Decide, but do not publish.")
    boolean dryRun;

    @Option(names = "--feedback-topic", defaultValue = "recon.feedback", paramLabel = "T",
            description = "Operators' verdicts (recon feedback): records of false positives are kept in the training set, "
                    + "those of true positives left out; empty = none (default ${DEFAULT-VALUE}).")
    String feedbackTopic;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting (repeatable).")
    Map<String, String> kafka = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(holdout > 0 && holdout < 1)) {
            throw new UserException("--holdout must be between 0 and 1");
        }
        Map<String, String> input = ServeCommand.given(spec);
        input.remove(KafkaCheck.KEY);
        try {
            InputOptions.from(input, topic); // checked before anything is read
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        KafkaCheck.check(spec, bootstrap, kafka);
        RetrainJob.Options o = new RetrainJob.Options(bootstrap, kafka, topic, scoresTopic, alertsTopic, modelTopic, modelName,
                serving, sinceMillis(since), holdout, maxFar, minDrift, epochs, dryRun, out, input, feedbackTopic);
        Map<String, Object> result = RetrainJob.run(o, System.out, new ProgressBar(System.err, System.console() != null, false));
        System.out.println(Json.mapper().writeValueAsString(result));
        return 0;
    }

    static long sinceMillis(String since) {
        String s = since.trim();
        Matcher m = Pattern.compile("(\\d+)([smhd])").matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Math.max(0, Instant.now().toEpochMilli() - Math.min(d.toMillis(), Instant.now().toEpochMilli()));
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException e) {
            throw new UserException("--since must be an age like 90m, 24h, 7d or an ISO-8601 instant, got " + since);
        }
    }
}
