package io.recon.cli;

import io.recon.schemas.Json;
import io.recon.streaming.Topics;
import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = KafkaCheck.Flag.class,
        description = {"Send the rows of a CSV or JSON-lines file to a topic as Recon input records.",
                "",
                "CSV rows become {\"key\", \"timestamp\", \"fields\": {column: value}} (the timestamp column, "
                        + "the key column and --label-column are not fields); JSON lines are sent as they are.",
                ""})
final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "recon.records", paramLabel = "T", description = "Topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV or JSON-lines file.")
    Path data;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N", description = "Records per second; 0 = as fast as possible (default).")
    int rate;

    @CommandLine.Mixin
    ColumnOptions columns = new ColumnOptions();

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "A Kafka producer setting (repeatable).")
    Map<String, String> kafka = new java.util.LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rate < 0) {
            throw new UserException("--rate must be >= 0");
        }
        KafkaCheck.check(spec, bootstrap, kafka);
        ensureTopic();
        List<String[]> records = io.recon.trainer.data.JsonLinesReader.isJsonLines(data) ? jsonLines() : csv();
        Map<String, Object> cfg = new java.util.HashMap<>(kafka);
        cfg.put("bootstrap.servers", bootstrap);
        cfg.putIfAbsent("linger.ms", "5");
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                String[] kv = records.get(i);
                p.send(new ProducerRecord<>(topic, kv[0] == null ? null : kv[0].getBytes(StandardCharsets.UTF_8),
                        kv[1].getBytes(StandardCharsets.UTF_8)));
                if ((i + 1) % 10_000 == 0) {
                    System.err.printf("\rrecon produce: %,d / %,d", i + 1, records.size());
                }
            }
            p.flush();
        }
        System.err.printf("\rrecon produce: %,d / %,d%n", records.size(), records.size());
        System.out.printf("sent %,d records to %s in %.1f s%n", records.size(), topic, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private List<String[]> jsonLines() throws java.io.IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(data)) {
            if (!line.isBlank()) {
                out.add(new String[] {null, line});
            }
        }
        return out;
    }

    private List<String[]> csv() {
        FeatureTable t = DataLoader.load(data, columns.read());
        missingNote(t);
        String defaultKey = data.getFileName().toString().replaceAll("\\.[^.]*$", "");
        List<String[]> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            String key = t.keys() == null ? defaultKey : t.keys()[i];
            StringBuilder sb = new StringBuilder("{\"key\":").append(Json.mapper().valueToTree(key).toString())
                    .append(",\"timestamp\":").append(t.timestamps() == null ? System.currentTimeMillis() : t.timestamps()[i])
                    .append(",\"fields\":{");
            for (int f = 0; f < t.width(); f++) {
                sb.append(f == 0 ? "" : ",").append(Json.mapper().valueToTree(t.featureNames().get(f)).toString())
                        .append(':').append(t.rows()[i][f]);
            }
            out.add(new String[] {key, sb.append("}}").toString()});
        }
        return out;
    }

    /** Creates the topic with the broker's defaults when it is missing, so that the first records wait for nothing. */
    private void ensureTopic() throws Exception {
        Map<String, Object> cfg = new java.util.HashMap<>(kafka);
        cfg.put("bootstrap.servers", bootstrap);
        try {
            if (Topics.createIfMissing(cfg, new NewTopic(topic, Optional.empty(), Optional.empty()))) {
                System.err.printf("recon produce: created topic %s (the broker's default partitions)%n", topic);
            }
        } catch (java.io.IOException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Says on stderr what the missing-value policy did, when it did anything. */
    static void missingNote(FeatureTable t) {
        FeatureTable.MissingValues m = t.missing();
        if (m.any()) {
            System.err.printf("missing    %,d rows with a missing value left out, %,d rows with a value carried (--missing-values %s)%n",
                    m.skippedRows(), m.carriedRows(), m.policy().id());
        }
    }
}
