package io.recon.cli;

import io.recon.serve.ServeCommand;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.broker.KafkaReach;
import io.recon.streaming.config.ReconSettings;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands that talk to Kafka ask first whether it is there ({@link KafkaReach}), with {@code --bootstrap-timeout}
 * (recon.bootstrap.timeout, defined once in {@link ReconSettings}) as the time they wait.
 */
final class KafkaCheck {
    static final String KEY = "recon.bootstrap.timeout";

    private KafkaCheck() {}

    /** Adds {@code --bootstrap-timeout}, documented from its setting. */
    static final class Flag implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            return ServeCommand.SettingFlags.addFlags(command, KEY::equals, 900);
        }
    }

    /** Throws {@link KafkaReach.UnreachableException} (one line) unless Kafka answers within the command's timeout. */
    static void check(CommandSpec spec, String bootstrap, Map<String, ?> kafka) {
        KafkaReach.check(bootstrap, kafka, timeout(spec));
    }

    static Duration timeout(CommandSpec spec) {
        String text = ServeCommand.given(spec).getOrDefault(KEY, ReconSettings.BOOTSTRAP_TIMEOUT_DEFAULT);
        try {
            ReconSettings.DEF.parse(Map.of(KEY, text));
            return Duration.ofMillis(AssemblyConfig.parseDuration(text));
        } catch (RuntimeException e) {
            throw new UserException("--bootstrap-timeout: " + e.getMessage());
        }
    }
}
