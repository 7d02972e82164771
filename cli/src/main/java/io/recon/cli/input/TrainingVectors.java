package io.recon.cli.input;

import io.recon.cli.retrain.TopicWindow;
import io.recon.schemas.contract.InputShape;
import io.recon.streaming.assembly.Counters;
import io.recon.streaming.assembly.OfflineAssembly;
import io.recon.streaming.config.InputOptions;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.trainer.data.DataException;
import io.recon.trainer.data.FeatureTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Training rows from records of any input format, made exactly as {@code recon serve} makes its vectors (the same
 * readers and assembly: {@link OfflineAssembly}), from a topic's history or from a file of records (one per line).
 * The features are those nearly every vector has; a model's contract then names them as the stream does.
 */
public final class TrainingVectors {
    /** Features present in fewer vectors than this share are left out (an entity's extra disk, a rare series). */
    public static final double MIN_SHARE = 0.9;
    /** The label of training rows, and of the row that separates two entities (no window spans entities). */
    public static final String NORMAL = "0";
    public static final String SEPARATOR = "1";

    /** What the records made: the table, and what was left out on the way. */
    public record Table(FeatureTable table, OfflineAssembly.Result read, List<String> leftOutFeatures, int leftOutVectors) {}

    /** What reading the records made, and the input options it took (the step, when it was estimated). */
    public record Read(OfflineAssembly.Result result, InputOptions options, long medianIntervalMs) {}

    private TrainingVectors() {}

    /** One input record. */
    private record Rec(byte[] key, byte[] value, long timestamp) {}

    /**
     * The records a topic received since {@code sinceMillis}, in time order, through the input options.
     *
     * @param stepGiven false: the step is the samples' own interval ({@link OfflineAssembly#stepFor})
     */
    public static Read fromTopic(String bootstrap, Map<String, String> kafka, String topic, long sinceMillis,
            InputOptions options, boolean stepGiven) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(TopicWindow.read(bootstrap, kafka, topic, sinceMillis));
        records.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        return assemble(records.stream().map(r -> new Rec(r.key(), r.value(), r.timestamp())).toList(), options, stepGiven);
    }

    /** The records of a file, one per line (any text format: JSON, line protocol). */
    public static Read fromFile(Path file, InputOptions options, boolean stepGiven) {
        if (options.format().equals("otlp-proto") || options.format().equals(InputFormats.AVRO)) {
            throw new DataException(file + ": " + options.format() + " records are binary; train from the topic "
                    + "(--from-topic) instead");
        }
        List<Rec> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long fileTime = Files.getLastModifiedTime(file).toMillis();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(new Rec(null, line.getBytes(StandardCharsets.UTF_8), fileTime));
                }
            }
        } catch (IOException e) {
            throw DataException.in(file, "cannot read: " + e.getMessage());
        }
        return assemble(records, options, stepGiven);
    }

    /**
     * Assembles the records; when some features turn out to be counters the format did not mark ({@link Counters}),
     * assembles them again reading those as rates, as the scorer will for the model.
     */
    private static Read assemble(List<Rec> records, InputOptions options, boolean stepGiven) {
        long interval = 0;
        if (InputFormats.perSample(options.format())) {
            OfflineAssembly probe = new OfflineAssembly(options.format(), options.settings(), options.assembly());
            for (Rec r : records) {
                probe.add(r.key(), r.value(), r.timestamp());
            }
            interval = probe.medianIntervalMs();
            if (!stepGiven && interval > 0) {
                options = options.withStep(OfflineAssembly.stepFor(interval));
            }
        }
        return new Read(counted(records, options), options, interval);
    }

    private static OfflineAssembly.Result counted(List<Rec> records, InputOptions options) {
        OfflineAssembly.Result first = once(records, options, Set.of());
        if (InputFormats.perSample(options.format()) && options.settings().rates()) {
            Set<String> counters = Counters.detect(new ArrayList<>(first.vectors()));
            if (!counters.isEmpty()) {
                return once(records, options, counters);
            }
        }
        return first;
    }

    private static OfflineAssembly.Result once(List<Rec> records, InputOptions options, Set<String> counters) {
        OfflineAssembly a = new OfflineAssembly(options.format(), options.settings(), options.assembly(), counters);
        for (Rec r : records) {
            a.add(r.key(), r.value(), r.timestamp());
        }
        return a.finish();
    }

    /**
     * The rows: one per vector that has every chosen feature, grouped by entity (each in time order, a separator row
     * labelled {@value #SEPARATOR} between entities, so that windows never span two) and labelled {@value #NORMAL}.
     *
     * @param source names the data in messages and the contract
     */
    public static Table table(OfflineAssembly.Result read, String source) {
        List<FeatureVector> vectors = read.vectors();
        if (vectors.isEmpty()) {
            throw new DataException(source + ": no vectors from " + read.records() + " records" + why(read));
        }
        Map<String, Integer> presence = new HashMap<>();
        for (FeatureVector v : vectors) {
            for (String n : v.names()) {
                presence.merge(n, 1, Integer::sum);
            }
        }
        List<String> features = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        new TreeMap<>(presence).forEach((name, count) -> (count >= MIN_SHARE * vectors.size() ? features : leftOut).add(name));
        Map<String, List<FeatureVector>> byKey = new LinkedHashMap<>();
        for (FeatureVector v : vectors) {
            byKey.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
        }
        List<float[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int dropped = 0;
        for (List<FeatureVector> entity : byKey.values()) {
            entity.sort(Comparator.comparingLong(FeatureVector::timestamp));
            boolean first = true;
            for (FeatureVector v : entity) {
                float[] row = new float[features.size()];
                boolean complete = true;
                for (int f = 0; f < row.length && complete; f++) {
                    double x = v.get(features.get(f));
                    complete = !Double.isNaN(x);
                    row[f] = (float) x;
                }
                if (!complete) {
                    dropped++;
                    continue;
                }
                if (first && !rows.isEmpty()) {
                    rows.add(row);
                    times.add(v.timestamp());
                    labels.add(SEPARATOR);
                }
                first = false;
                rows.add(row);
                times.add(v.timestamp());
                labels.add(NORMAL);
            }
        }
        if (features.isEmpty()) {
            throw new DataException(source + ": no feature is common to " + (int) (MIN_SHARE * 100) + "% of the "
                    + vectors.size() + " vectors; check --entity-labels and --feature-labels");
        }
        FeatureTable t = new FeatureTable(source, features, InputShape.features(features.size()), rows.toArray(new float[0][]),
                times.stream().mapToLong(Long::longValue).toArray(), labels.toArray(new String[0]));
        return new Table(t, read, leftOut, dropped);
    }

    /** The dead letters of a read, for a message. */
    public static String why(OfflineAssembly.Result read) {
        if (read.deadLetters().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; unusable: ");
        boolean first = true;
        for (Map.Entry<DeadLetterReason, Integer> e : read.deadLetters().entrySet()) {
            sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().id()).append(" (")
                    .append(read.firstDetails().get(e.getKey())).append(')');
            first = false;
        }
        return sb.toString();
    }
}
