package io.recon.cli;

import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.ReconService;
import io.recon.streaming.Topics;
import io.recon.streaming.lifecycle.ModelTopicListener;
import io.recon.streaming.lifecycle.ModelValidator;
import io.recon.streaming.scoring.ModelLoadException;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = KafkaCheck.Flag.class,
        description = {"Publish a model version to the model topic; serving instances swap it in.",
                "",
                "The topic is compacted and keyed by model name; running `recon serve --model-topic` instances "
                        + "load, validate and swap the new version in without a restart. Publishing an earlier version's "
                        + "directory again rolls back to it.",
                ""})
final class PublishCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Model directory (model.onnx with its contract).")
    Path dir;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "recon.models", paramLabel = "T", description = "Model topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--force", description = "Skip the publisher's own checks (to test a service's defences).")
    boolean force;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka client setting (repeatable).")
    Map<String, String> kafka = new java.util.LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KafkaCheck.check(spec, bootstrap, kafka);
        String[] published = publish(dir, bootstrap, topic, force, kafka);
        System.out.printf("published %s version %s (%,d bytes) to %s%n", published[0], published[1],
                Files.size(dir.resolve("model.onnx")), topic);
        System.out.println(followersNote(published[2], topic));
        return 0;
    }

    /** Publishes DIR/model.onnx; returns {name, version}. */
    static String[] publish(Path dir, String bootstrap, String topic, boolean force, Map<String, String> kafka) throws Exception {
        Path file = Files.isDirectory(dir) ? dir.resolve("model.onnx") : dir;
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": no such model file");
        }
        byte[] bytes = Files.readAllBytes(file);
        String name;
        String version;
        if (force) {
            ModelContract c = contractIfAny(dir);
            name = c != null ? c.modelName() : dir.toAbsolutePath().getFileName().toString();
            version = c != null ? c.modelVersion() : "unknown";
        } else {
            try (OnnxModel m = OnnxModel.load(bytes, file.toString(), ScorerOptions.defaults())) {
                String problem = ModelValidator.problem(m, null);
                if (problem != null) {
                    throw new UserException(file + ": not published, " + problem);
                }
                name = m.contract().modelName();
                version = m.contract().modelVersion();
            } catch (ModelLoadException e) {
                throw new UserException("not published: " + e.getMessage() + " (--force publishes anyway)");
            }
        }
        Map<String, Object> cfg = new HashMap<>(kafka);
        cfg.put("bootstrap.servers", bootstrap);
        try {
            Topics.createIfMissing(cfg, Topics.modelTopic(topic));
        } catch (java.io.IOException e) {
            throw new UserException(e.getMessage());
        }
        cfg.put("max.request.size", 64 << 20);
        cfg.put("compression.type", "zstd");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, name.getBytes(StandardCharsets.UTF_8), bytes)).get();
        }
        return new String[] {name, version, Integer.toString(followers(cfg, topic))};
    }

    /**
     * How many running scorers follow {@code topic} ({@code recon serve --model-topic}): the consumer groups of
     * model-topic followers with a member assigned one of its partitions; -1 when that cannot be asked (no
     * permission to list groups, say).
     */
    static int followers(Map<String, Object> cfg, String topic) {
        try (Admin admin = Admin.create(cfg)) {
            List<String> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).filter(g -> g.startsWith(ModelTopicListener.GROUP_PREFIX)).toList();
            if (groups.isEmpty()) {
                return 0;
            }
            int n = 0;
            for (var d : admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS).values()) {
                n += d.members().stream().anyMatch(m -> m.assignment().topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().equals(topic))) ? 1 : 0;
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    /** What publishing means for the running scorers, from {@link #followers}. */
    static String followersNote(String followers, String topic) {
        int n = Integer.parseInt(followers);
        if (n < 0) {
            return "followers  unknown (the client may not list consumer groups)";
        }
        if (n == 0) {
            return "note       no running scorer follows " + topic + " now: 'recon serve --model-topic " + topic
                    + "' loads this version when it starts (a scorer started with --model DIR alone does not follow it)";
        }
        return "followers  " + n + " running scorer" + (n == 1 ? "" : "s") + " follow " + topic + " and swap this version in";
    }

    private static ModelContract contractIfAny(Path dir) {
        try {
            return ModelContract.read(dir.resolve(ModelContract.FILE_NAME));
        } catch (Exception e) {
            return null;
        }
    }
}
