package io.recon.cli;

import io.recon.cli.input.AvroRows;
import io.recon.schemas.Json;
import io.recon.streaming.Topics;
import io.recon.streaming.registry.RegistrySettings;
import io.recon.streaming.registry.RegistryUnavailableException;
import io.recon.streaming.registry.SchemaRegistry;
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
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = KafkaCheck.Flag.class,
        description = {"Send the rows of a CSV or JSON-lines file to a topic as Recon input records, or as Avro.",
                "",
                "CSV rows become {\"key\", \"timestamp\", \"fields\": {column: value}} (the timestamp column, "
                        + "the key column and --label-column are not fields); JSON lines are sent as they are.",
                "",
                "With --format avro each row becomes one Avro record of the --schema (registered under the subject "
                        + "TOPIC-value) in the Confluent wire format: fields take the values of the columns (or JSON "
                        + "members) of the same name; `key` and `timestamp` fields take the row's key and time.",
                ""},
        footer = {"", "Example:", "  recon produce --bootstrap 127.0.0.1:9092 --topic telemetry --format avro \\",
                "    --schema telemetry.avsc --schema-registry-url http://127.0.0.1:8080/apis/ccompat/v7 \\",
                "    --key-column host --data metrics.csv"})
final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "recon.records", paramLabel = "T", description = "Topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV or JSON-lines file.")
    Path data;

    @Option(names = "--format", defaultValue = "recon-json", paramLabel = "FORMAT",
            description = "recon-json (default) or avro (needs --schema and --schema-registry-url).")
    String format;

    @Option(names = "--schema", paramLabel = "FILE.avsc", description = "avro: the record schema (Avro JSON).")
    Path schemaFile;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "avro: a Confluent-compatible schema registry (Apicurio: http://HOST:8080/apis/ccompat/v7).")
    String registryUrl;

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
        AvroRows avro = switch (format) {
            case "recon-json" -> null;
            case "avro" -> avro();
            default -> throw new UserException("--format: recon-json or avro, not '" + format + "'");
        };
        KafkaCheck.check(spec, bootstrap, kafka);
        ensureTopic();
        List<String[]> records = io.recon.trainer.data.JsonLinesReader.isJsonLines(data) ? jsonLines() : csv();
        List<byte[]> values = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            String[] kv = records.get(i);
            if (avro == null) {
                values.add(kv[1].getBytes(StandardCharsets.UTF_8));
                continue;
            }
            try {
                Map<String, Object> row = row(kv[0], kv[1]);
                // a CSV's key and time columns keep their own names too (a schema may name them so)
                if (columns.keyColumn != null && kv[0] != null) {
                    row.putIfAbsent(columns.keyColumn, kv[0]);
                }
                if (columns.timestampColumn != null && row.get("timestamp") != null) {
                    row.putIfAbsent(columns.timestampColumn, row.get("timestamp"));
                }
                values.add(avro.encode(row));
            } catch (IllegalArgumentException e) {
                throw new UserException(data + ": record " + (i + 1) + ": " + e.getMessage());
            }
        }
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
                        values.get(i)));
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

    /** Registers the schema under TOPIC-value (or finds it registered) and returns the writer of its records. */
    private AvroRows avro() {
        if (schemaFile == null || registryUrl == null || registryUrl.isBlank()) {
            throw new UserException("--format avro needs --schema FILE.avsc and --schema-registry-url URL");
        }
        Schema schema;
        String text;
        try {
            text = Files.readString(schemaFile);
            schema = new Schema.Parser().parse(text);
        } catch (java.io.IOException | org.apache.avro.SchemaParseException e) {
            throw new UserException(schemaFile + ": not an Avro schema: " + e.getMessage());
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new UserException(schemaFile + ": the schema must be a record, not " + schema.getType().getName());
        }
        RegistrySettings settings;
        try {
            settings = new RegistrySettings(List.of(java.net.URI.create(registryUrl.trim())), "", "", "", null, false, 10_000);
        } catch (IllegalArgumentException e) {
            throw new UserException("--schema-registry-url: " + e.getMessage());
        }
        int id;
        try {
            id = new SchemaRegistry(settings).register(topic + "-value", schema.toString());
        } catch (RegistryUnavailableException | IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        System.err.printf("recon produce: schema %s registered as id %d (subject %s-value)%n", schema.getFullName(), id, topic);
        return new AvroRows(schema, id);
    }

    /** A record as named values for avro: recon-json's fields, key and timestamp, or a JSON object's members. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(String key, String json) {
        Map<String, Object> m;
        try {
            m = Json.mapper().readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
        Map<String, Object> row = new java.util.LinkedHashMap<>(m);
        if (m.get("fields") instanceof Map<?, ?> fields) {
            row.remove("fields");
            row.putAll((Map<String, Object>) fields);
        }
        if (key != null) {
            row.putIfAbsent("key", key);
        }
        return row;
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
