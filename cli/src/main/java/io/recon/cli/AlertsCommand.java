package io.recon.cli;

import io.recon.serve.ServeCommand;
import io.recon.streaming.config.ReconSettings;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.delivery.AlertDelivery;
import io.recon.streaming.delivery.AlertmanagerConfig;
import io.recon.streaming.metrics.HttpEndpoints;
import io.recon.streaming.metrics.ReconMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = AlertsCommand.Flags.class,
        description = {"Deliver an alerts topic to Prometheus Alertmanager, for scorers that run without --alertmanager-url.",
                "",
                "The same delivery as 'recon serve --alertmanager-url': every alert posted to Alertmanager's API v2 "
                        + "(labels alertname=ReconAnomaly, key, model, severity; annotations with a summary, the score, "
                        + "the tail probability, the top features with observed and expected values), firing ones re-sent "
                        + "on Alertmanager's cadence, resolved ones with endsAt. Offsets are committed only once "
                        + "Alertmanager accepted, so an outage or a restart loses nothing. Runs until stopped.",
                "",
                "Example:",
                "  recon alerts --bootstrap 127.0.0.1:9092 --alertmanager-url http://127.0.0.1:9093",
                ""})
final class AlertsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--alerts-topic", defaultValue = "recon.alerts", paramLabel = "T", description = "Alerts topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--group", defaultValue = "recon-alert-delivery", paramLabel = "ID",
            description = "Consumer group whose offsets record what Alertmanager accepted (default ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--metrics-port", defaultValue = "9465", paramLabel = "PORT",
            description = "/metrics and /health on this port, 0 = none (default ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "(default ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting (repeatable).")
    Map<String, String> kafka = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The Alertmanager settings' flags and --bootstrap-timeout, defined once with recon serve's. */
    static final class Flags implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
            return ServeCommand.SettingFlags.addFlags(command, k -> k.startsWith("recon.alertmanager.")
                    || k.equals(KafkaCheck.KEY), 500);
        }
    }

    @Override
    public Integer call() throws Exception {
        AlertmanagerConfig am;
        try {
            am = ServeConfig.alertmanager(ReconSettings.DEF.parse(ServeCommand.given(spec)));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (!am.on()) {
            throw new UserException("give Alertmanager's address: --alertmanager-url http://HOST:9093");
        }
        KafkaCheck.check(spec, bootstrap, kafka);
        ReconMetrics metrics = new ReconMetrics();
        AlertDelivery delivery = new AlertDelivery(bootstrap, kafka, topic, group, am, metrics.registry()).start();
        HttpEndpoints http = metricsPort > 0 ? new HttpEndpoints(metricsHost, metricsPort, metrics::scrape, () -> true,
                () -> true, delivery::status) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("recon alerts: stopping...");
            delivery.close();
            if (http != null) {
                http.close();
            }
            stopped.countDown();
        }, "recon-alerts-shutdown"));
        System.err.printf("recon alerts: delivering %s to %s%s (Ctrl-C stops)%n", topic, am.urls(),
                http == null ? "" : "; metrics and health on http://" + metricsHost + ":" + http.port() + "/");
        stopped.await();
        return 0;
    }
}
