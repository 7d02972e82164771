package io.recon.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.schemas.contract.InputShape;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.assembly.Counters;
import io.recon.streaming.assembly.OfflineAssembly;
import io.recon.streaming.config.InputOptions;
import io.recon.streaming.input.FeatureVector;
import io.recon.trainer.data.ReadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a retraining run learns from and compares on, for the serving model's input layout. Records are taken in
 * event time; the alerted or flagged ones are left out.
 *
 * <ul>
 *   <li>Single records: the earlier {@code 1 - holdout} of the usable records train (a CSV of them), the later
 *       ones are the held-out inputs.
 *   <li>Windows: as {@code recon serve} builds them, per key, of W consecutive records of that key. Records before
 *       the split time train: the CSV holds them key after key with a {@code flagged} label column (flagged
 *       records marked 1, and a marked row between keys), so that training uses only windows of one key with no
 *       flagged record; the held-out inputs are the windows of such records that lie wholly after the split.
 * </ul>
 */
final class RetrainData {
    /** One usable input record. */
    record Parsed(String key, long timestamp, float[] values, int partition, long offset) {}

    /** The CSV's label column for windowed models ({@code 0} = normal). */
    static final String LABEL = "flagged";

    final float[][] held;
    final int used;
    final int excluded;
    /** How the trainer reads the CSV (label column for windows), and the window (0 for single records). */
    final ReadOptions read;
    final int window;

    private RetrainData(float[][] held, int used, int excluded, ReadOptions read, int window) {
        this.held = held;
        this.used = used;
        this.excluded = excluded;
        this.read = read;
        this.window = window;
    }

    /**
     * @param sorted usable records in event time (ties by partition and offset)
     * @param flagged {@code key@timestamp} of records left out
     * @param csv where the training rows go
     */
    static RetrainData prepare(List<Parsed> sorted, Set<String> flagged, ModelContract sc, double holdout, Path csv)
            throws IOException {
        List<Parsed> normal = new ArrayList<>();
        for (Parsed p : sorted) {
            if (!flagged.contains(p.key() + "@" + p.timestamp())) {
                normal.add(p);
            }
        }
        int excluded = sorted.size() - normal.size();
        int split = (int) Math.round(normal.size() * (1 - holdout));
        if (sc.inputShape().layout() != InputShape.Layout.WINDOW) {
            try (var w = Files.newBufferedWriter(csv)) {
                w.write("timestamp," + header(sc.features()) + "\n");
                for (Parsed p : normal.subList(0, split)) {
                    w.write(line(Long.toString(p.timestamp()), p.values(), null));
                }
            }
            float[][] held = normal.subList(split, normal.size()).stream().map(Parsed::values).toArray(float[][]::new);
            return new RetrainData(held, normal.size(), excluded, ReadOptions.defaults(), 0);
        }
        int w = sc.inputShape().window();
        long splitTime = split < normal.size() ? normal.get(split).timestamp() : Long.MAX_VALUE;
        Map<String, List<Parsed>> byKey = new LinkedHashMap<>();
        for (Parsed p : sorted) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        List<float[]> held = new ArrayList<>();
        try (var out = Files.newBufferedWriter(csv)) {
            out.write(header(sc.features()) + "," + LABEL + "\n");
            for (List<Parsed> records : byKey.values()) {
                boolean first = true;
                int run = 0;
                for (int i = 0; i < records.size(); i++) {
                    Parsed p = records.get(i);
                    boolean bad = flagged.contains(p.key() + "@" + p.timestamp());
                    if (p.timestamp() < splitTime) {
                        if (first) {
                            out.write(line(null, p.values(), "1")); // no window spans two keys
                            first = false;
                        }
                        out.write(line(null, p.values(), bad ? "1" : "0"));
                        continue;
                    }
                    run = bad ? 0 : run + 1;
                    if (run >= w) {
                        float[] window = new float[w * p.values().length];
                        for (int k = 0; k < w; k++) {
                            float[] v = records.get(i - w + 1 + k).values();
                            System.arraycopy(v, 0, window, k * v.length, v.length);
                        }
                        held.add(window);
                    }
                }
            }
        }
        return new RetrainData(held.toArray(new float[0][]), normal.size(), excluded, new ReadOptions(LABEL, null, List.of()),
                w);
    }

    /** Feature names as a CSV header: quoted where they hold a comma, quote or semicolon ({@code rate(x{a="1",b="2"})}). */
    static String header(List<String> features) {
        StringBuilder sb = new StringBuilder();
        for (String f : features) {
            sb.append(sb.length() == 0 ? "" : ",");
            sb.append(f.contains(",") || f.contains("\"") || f.contains(";") ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return sb.toString();
    }

    /**
     * The usable records of a shipper format: the vectors {@code recon serve} assembles from them (counters as the
     * serving model reads them), each in the contract's feature order; vectors lacking a feature count as unusable.
     *
     * @param unusable receives the number of records and vectors that gave nothing usable
     */
    static List<Parsed> assemble(List<ConsumerRecord<byte[], byte[]>> records, List<String> features,
            InputOptions input, int[] unusable) {
        OfflineAssembly a = new OfflineAssembly(input.format(),
                input.settings(), input.assembly(), Counters.ofFeatures(features));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            a.add(r.key(), r.value(), r.timestamp());
        }
        OfflineAssembly.Result result = a.finish();
        unusable[0] = result.deadLetterCount();
        List<Parsed> out = new ArrayList<>();
        int i = 0;
        for (FeatureVector v : result.vectors()) {
            float[] row = new float[features.size()];
            boolean complete = true;
            for (int f = 0; f < row.length && complete; f++) {
                double x = v.get(features.get(f));
                complete = !Double.isNaN(x);
                row[f] = (float) x;
            }
            if (complete) {
                out.add(new Parsed(v.key(), v.timestamp(), row, 0, i++));
            } else {
                unusable[0]++;
            }
        }
        return out;
    }

    private static String line(String first, float[] values, String last) {
        StringBuilder sb = new StringBuilder();
        if (first != null) {
            sb.append(first).append(',');
        }
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i]);
        }
        if (last != null) {
            sb.append(',').append(last);
        }
        return sb.append('\n').toString();
    }

    /** The record's key, event time and features in the contract's order, or null when it is unusable. */
    static Parsed parse(ConsumerRecord<byte[], byte[]> r, List<String> features) {
        try {
            JsonNode n = Json.mapper().readTree(r.value());
            String key = n.hasNonNull("key") ? n.get("key").asText()
                    : r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8);
            long ts = n.has("timestamp") ? n.get("timestamp").asLong() : r.timestamp();
            float[] v = new float[features.size()];
            JsonNode fields = n.get("fields");
            JsonNode values = n.get("values");
            for (int f = 0; f < v.length; f++) {
                JsonNode x = fields != null ? fields.get(features.get(f)) : values != null ? values.get(f) : null;
                if (x == null || !x.isNumber() || !Double.isFinite(x.asDouble())) {
                    return null;
                }
                v[f] = (float) x.asDouble();
            }
            if (values != null && values.size() != v.length) {
                return null;
            }
            return new Parsed(key, ts, v, r.partition(), r.offset());
        } catch (Exception e) {
            return null;
        }
    }
}
