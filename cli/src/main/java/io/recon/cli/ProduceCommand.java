package io.recon.cli;

import io.recon.trainer.data.DataLoader;
import io.recon.trainer.data.FeatureTable;
import io.recon.trainer.data.ReadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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

    @Option(names = "--key-column", paramLabel = "C", description = "CSV column holding the record key (default: the file name).")
    String keyColumn;

    @Option(names = "--label-column", paramLabel = "NAME", description = "CSV column to leave out of the fields.")
    String labelColumn;

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
        List<String> drop = keyColumn == null ? List.of() : List.of(keyColumn);
        FeatureTable t = DataLoader.load(data, new ReadOptions(labelColumn, null, drop));
        String[] keys = keyColumn == null ? null : keyValues();
        String defaultKey = data.getFileName().toString().replaceAll("\\.[^.]*$", "");
        List<String[]> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            StringBuilder sb = new StringBuilder("{\"key\":").append(io.recon.schemas.Json.mapper().valueToTree(
                    keys == null ? defaultKey : keys[i]).toString()).append(",\"timestamp\":")
                    .append(t.timestamps() == null ? System.currentTimeMillis() : t.timestamps()[i]).append(",\"fields\":{");
            for (int f = 0; f < t.width(); f++) {
                sb.append(f == 0 ? "" : ",").append(io.recon.schemas.Json.mapper().valueToTree(t.featureNames().get(f)).toString())
                        .append(':').append(t.rows()[i][f]);
            }
            out.add(new String[] {keys == null ? defaultKey : keys[i], sb.append("}}").toString()});
        }
        return out;
    }

    private String[] keyValues() {
        try {
            return io.recon.trainer.data.CsvRows.column(data, keyColumn).toArray(new String[0]);
        } catch (java.io.IOException e) {
            throw new UserException(data + ": cannot read: " + e.getMessage());
        }
    }
}
