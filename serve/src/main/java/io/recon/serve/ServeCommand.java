package io.recon.serve;

import io.recon.streaming.ReconService;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ReconSettings;
import io.recon.streaming.config.ServeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ServeCommand.SettingFlags.class,
        description = {"Score records from Kafka with a trained model, all day.",
                "",
                "Reads JSON input records, scores them in micro-batches with ONNX Runtime and publishes scored "
                        + "records, alerts (with the features that contributed most) and dead letters (with the reason). "
                        + "Serves /metrics (Prometheus), /health and /ready.",
                "",
                "Settings come from, in increasing precedence: defaults, --config FILE, environment variables "
                        + "(RECON_BATCH_SIZE, RECON_KAFKA_SECURITY_PROTOCOL, ...), flags. Keys in FILE that do not start "
                        + "with 'recon.' are Kafka client settings passed through untouched (TLS, SASL). Every setting is "
                        + "checked before anything starts. See docs/CONFIGURATION.md.",
                ""},
        footer = {"", "Example:", "  recon serve --bootstrap 127.0.0.1:9092 --model models/thyroid --metrics-port 9464"})
/** {@code recon serve}; also the whole command line of the serving image ({@link ServeMain}). */
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", order = 1000,
            description = "Properties file with recon.* settings and Kafka client settings.")
    Path configFile;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", order = 1001,
            description = "A Kafka client setting, passed through (repeatable).")
    Map<String, String> kafka = new LinkedHashMap<>();

    /** Adds one flag per setting of {@link ReconSettings} that has one, documented from its definition. */
    public static final class SettingFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return addFlags(command, key -> true, 0);
        }

        /**
         * Adds the flags of the settings whose key passes {@code which} (other commands reuse the input settings'
         * flags this way, so that they are defined once); their values come back through {@link #given}.
         */
        public static CommandSpec addFlags(CommandSpec command, Predicate<String> which, int firstOrder) {
            int order = firstOrder;
            for (ReconSettings.Setting s : ReconSettings.ALL) {
                if (s.flag() == null || !which.test(s.key())) {
                    continue;
                }
                boolean bool = s.type() == ConfigDef.Type.BOOLEAN;
                String dflt = String.valueOf(s.defaultValue());
                String doc = s.doc().replace("`", "'") + (bool || dflt.isEmpty() ? "" : " Default: " + dflt + ".");
                OptionSpec.Builder o = OptionSpec.builder(s.flag()).type(String.class).order(order++).description(doc)
                        .descriptionKey(s.key());
                if (bool) {
                    o.arity("0..1").fallbackValue("true").paramLabel("true|false");
                } else {
                    o.paramLabel(label(s));
                }
                command.addOption(o.build());
            }
            return command;
        }

        private static String label(ReconSettings.Setting s) {
            String k = s.key();
            return switch (s.type()) {
                case INT, LONG -> k.endsWith(".ms") ? "MS" : k.endsWith(".port") ? "PORT" : "N";
                case LIST -> k.endsWith("topics") ? "T1,T2" : k.endsWith(".labels") ? "L1,L2" : k.endsWith(".url") ? "URL1,URL2"
                        : "DIR1,DIR2";
                default -> k.equals("recon.input.format") ? "FORMAT" : k.equals("recon.assembly.step")
                        || k.equals("recon.assembly.grace") || k.endsWith(".timeout") ? "DURATION" : k.endsWith(".dir") ? "DIR" : k.endsWith("topic") ? "TOPIC" : k.endsWith("bootstrap")
                        ? "HOST:PORT" : k.endsWith(".host") ? "HOST" : k.endsWith(".fallback") ? "MODEL" : "VALUE";
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        ServeConfig config = ConfigLoader.load(flags(), System.getenv(), configFile);
        ReconService service = ReconService.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("recon: stopping...");
            service.close();
            stopped.countDown();
        }, "recon-shutdown"));
        service.failure().thenRun(stopped::countDown);
        System.err.printf("recon: serving %s version %s; metrics on http://%s:%d/metrics (Ctrl-C stops)%n",
                service.models().get().contract().modelName(), service.models().get().contract().modelVersion(),
                config.metricsHost(), service.metricsPort());
        stopped.await();
        if (service.failure().isDone()) {
            service.close();
            throw new ServeFailedException(service.failure().join());
        }
        return 0;
    }

    /** The settings given as flags, by key (and Kafka client settings as {@code kafka.KEY}). */
    public Map<String, String> flags() {
        Map<String, String> f = given(spec);
        kafka.forEach((k, v) -> f.put("kafka." + k, v));
        return f;
    }

    /** The {@code recon.*} settings given as flags added by {@link SettingFlags#addFlags}, by key. */
    public static Map<String, String> given(CommandSpec spec) {
        Map<String, String> f = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String key = o.descriptionKey();
            if (key != null && key.startsWith("recon.") && o.getValue() != null) {
                f.put(key, o.getValue().toString());
            }
        }
        return f;
    }
}
