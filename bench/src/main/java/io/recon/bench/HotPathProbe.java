package io.recon.bench;

import com.alibaba.fastjson2.JSONReader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.sun.management.ThreadMXBean;
import io.recon.cli.input.AvroRows;
import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.alerting.AlertDecisions;
import io.recon.streaming.input.AvroRowReader;
import io.recon.streaming.input.AvroSchemas;
import io.recon.streaming.input.AvroSettings;
import io.recon.streaming.input.RecordParser;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.output.JsonOut;
import io.recon.streaming.registry.RegistrySettings;
import io.recon.streaming.registry.SchemaRegistry;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.state.StateWrite;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures the scorer's per-record steps in isolation (no Kafka): parsing an input record (recon-json, and the same
 * values as Avro in the wire format: {@code parse_avro}; the same records read by Jackson 2's streaming parser with its
 * fast float parsing, {@code parse_jackson}, and by fastjson2, {@code parse_fastjson2}), the alert decision
 * (serve's defaults: calibration and budget), writing the scored record (format 3, as serve does with the budget
 * on; and the same fields by Jackson 2's generator with its fast float writing, {@code write_scored_jackson}), recording the score metrics, and inference at the default batch size. For {@code recon bench hotpath};
 * figures are nanoseconds per record, best of three rounds, and heap bytes allocated per record (last round).
 */
public final class HotPathProbe {
    private HotPathProbe() {}

    /** One step over {@code n} records; returns a value that keeps the work from being optimised away. */
    @FunctionalInterface
    private interface Step {
        long run(int n) throws Exception;
    }

    /** Parsing alternates over many records; the other steps as serve does them per record or per batch. */
    public static Map<String, Double> measure(OnnxModel model, int iterations) throws Exception {
        try (BatchScorer scorer = new BatchScorer(model, 256)) {
            return measure(model, scorer, iterations);
        }
    }

    private static Map<String, Double> measure(OnnxModel model, BatchScorer scorer, int iterations) throws Exception {
        ModelContract c = model.contract();
        // 4,096 different records (50 keys, values of varying length as producers write floats): one record parsed
        // over and over would let the branch predictor learn its digit runs, which real streams do not allow
        Random random = new Random(1);
        byte[][] records = new byte[4096][];
        for (int r = 0; r < records.length; r++) {
            StringBuilder sb = new StringBuilder("{\"key\":\"host-" + r % 50 + "\",\"timestamp\":" + (1763900000000L + r)
                    + ",\"fields\":{");
            for (int f = 0; f < c.features().size(); f++) {
                sb.append(f == 0 ? "" : ",").append('"').append(c.features().get(f)).append("\":")
                        .append((float) (random.nextGaussian() * Math.pow(10, random.nextInt(4) - 1)));
            }
            records[r] = sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        }
        RecordParser parser = new RecordParser(c.features());
        float[] row = new float[c.inputShape().size()];
        JsonOut json = new JsonOut();
        ReconMetrics metrics = new ReconMetrics();
        metrics.modelLoaded(c);
        float[] scores = new float[256];
        double threshold = c.threshold().value();
        for (int i = 0; i < scores.length; i++) {
            // spread over the histogram's buckets as a stream's scores are (not one bucket a branch predictor learns)
            scores[i] = (float) (threshold * Math.exp(random.nextGaussian() * 1.5 - 2));
        }
        long[] scratch = metrics.scratch();
        AlertDecisions decisions = new ServingReplay(Map.of()).decisions();
        List<StateWrite> writes = new ArrayList<>();
        String[] keys = new String[50];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = "host-" + k;
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        steps.put("parse", n -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += parser.parse(records[i & 4095], row, 0).usable() ? 1 : 0;
            }
            return s;
        });
        // the same records read by Jackson 2's streaming parser (fast float parsing on) and by fastjson2, into the
        // same row by feature name, as the scorer would use them: checked equal to Recon's reader first
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int f = 0; f < c.features().size(); f++) {
            index.put(c.features().get(f), f);
        }
        JsonFactory jackson = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
        float[] other = new float[row.length];
        for (byte[] r : records) {
            parser.parse(r, row, 0);
            if (!jacksonRead(jackson, r, index, other) || !java.util.Arrays.equals(row, other)) {
                throw new IllegalStateException("Jackson reads " + new String(r, StandardCharsets.UTF_8) + " otherwise");
            }
            if (!fastjsonRead(r, index, other) || !java.util.Arrays.equals(row, other)) {
                throw new IllegalStateException("fastjson2 reads " + new String(r, StandardCharsets.UTF_8) + " otherwise");
            }
        }
        steps.put("parse_jackson", n -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += jacksonRead(jackson, records[i & 4095], index, other) ? 1 : 0;
            }
            return s;
        });
        steps.put("parse_fastjson2", n -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += fastjsonRead(records[i & 4095], index, other) ? 1 : 0;
            }
            return s;
        });
        // the same values as Avro in the Confluent wire format, read into the row as the scoring step does (schema
        // cached)
        try (BenchRegistry registry = new BenchRegistry(c.features())) {
            AvroRows rows = registry.rows();
            byte[][] avro = new byte[records.length][];
            for (int r = 0; r < avro.length; r++) {
                float[] v = new float[c.features().size()];
                for (int f = 0; f < v.length; f++) {
                    v[f] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(4) - 1));
                }
                avro[r] = registry.record(rows, "host-" + r % 50, 1763900000000L + r, c.features(), v);
            }
            AvroRowReader reader = new AvroRowReader(c.features(), new AvroSchemas(new AvroSettings("key", "timestamp",
                    new SchemaRegistry(new RegistrySettings(List.of(registry.uri()), "", "", "", null, false, 5_000)), 10_000)));
            reader.read(avro[0], row, 0); // the schema, fetched once
            steps.put("parse_avro", n -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += reader.read(avro[i & 4095], row, 0).usable() ? 1 : 0;
                }
                return s;
            });
        }
        long[] clock = {1763900000000L};
        steps.put("decide", n -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                // 50 keys a minute apart, scores spread over a decade around a tenth of the threshold
                float score = (float) (threshold * (0.05 + 0.1 * ((i * 7919) % 1000) / 1000.0));
                AlertDecisions.Decision d = decisions.observe(c.modelName(), keys[i % 50], clock[0] += 1200, score,
                        threshold, writes);
                s += d.transition().ordinal() + (d.alerting() ? 1 : 0);
                if (writes.size() > 1000) {
                    writes.clear();
                }
            }
            return s;
        });
        byte[] limit = JsonOut.probability(5.787e-5); // a key's tail limit, written when it changes (every 16 records)
        steps.put("write_scored", n -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += json.scored("host-17", 1763900000000L + i, 0.0123f + i * 1e-9f, threshold, false, c, 0.0123 + i * 1e-9,
                        limit, false).length;
            }
            return s;
        });
        // the same scored record written by Jackson 2's generator (fast float writing on) into a reused buffer
        JsonFactory writer = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        ByteArrayBuilder generated = new ByteArrayBuilder(512);
        steps.put("write_scored_jackson", n -> {
            long s = 0;
            for (int i = 0; i < n; i++) {
                generated.reset();
                try (JsonGenerator g = writer.createGenerator(generated)) {
                    g.writeStartObject();
                    g.writeStringField("key", "host-17");
                    g.writeNumberField("timestamp", 1763900000000L + i);
                    g.writeNumberField("score", 0.0123f + i * 1e-9f);
                    g.writeNumberField("threshold", threshold);
                    g.writeBooleanField("is_anomaly", false);
                    g.writeStringField("model", c.modelName());
                    g.writeStringField("model_version", c.modelVersion());
                    g.writeNumberField("calibrated", (float) (0.0123 + i * 1e-9));
                    g.writeNumberField("tail_probability", (float) (0.0123 + i * 1e-9));
                    g.writeNumberField("tail_limit", 5.787e-5f);
                    g.writeBooleanField("warming_up", false);
                    g.writeBooleanField("alerting", false);
                    g.writeNumberField("format", 3);
                    g.writeEndObject();
                }
                s += generated.size();
            }
            return s;
        });
        steps.put("metrics", n -> {
            for (int i = 0; i < n / 256; i++) {
                scores[i & 255] *= 1.0001f;
                metrics.scored(c.modelName(), scores, 256, 0, scratch);
            }
            return 0;
        });
        steps.put("inference_batch256", n -> {
            for (int i = 0; i < Math.max(1, n / 256); i++) {
                scorer.run(256);
            }
            return 0;
        });
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Double> ns = new LinkedHashMap<>();
        Map<String, Double> bytes = new LinkedHashMap<>();
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            for (var e : steps.entrySet()) {
                int n = e.getKey().startsWith("parse") || e.getKey().startsWith("write_scored") || e.getKey().equals("decide")
                        ? iterations : Math.max(256, iterations / 256 * 256);
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                sink += e.getValue().run(n);
                long t1 = System.nanoTime();
                long a1 = mx.getCurrentThreadAllocatedBytes();
                ns.merge(e.getKey() + "_ns", (t1 - t0) / (double) n, Math::min);
                bytes.put(e.getKey() + "_bytes", (a1 - a0) / (double) n);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        ns.forEach((k, v) -> out.put(k, round(v)));
        bytes.forEach((k, v) -> out.put(k, round(v)));
        out.put("checksum", (double) (sink % 7));
        return out;
    }

    /** A recon-json record read with Jackson's streaming parser into {@code row}; false when a feature is missing. */
    private static boolean jacksonRead(JsonFactory f, byte[] record, Map<String, Integer> index, float[] row)
            throws java.io.IOException {
        try (JsonParser p = f.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int found = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "key" -> p.getText();
                    case "timestamp" -> p.getLongValue();
                    case "fields" -> {
                        if (t != JsonToken.START_OBJECT) {
                            return false;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            Integer at = index.get(p.currentName());
                            JsonToken v = p.nextToken();
                            if (at == null) {
                                p.skipChildren();
                            } else if (v.isNumeric()) {
                                row[at] = p.getFloatValue();
                                found++;
                            } else {
                                return false;
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return found == index.size();
        }
    }

    /** The same with fastjson2's streaming reader. */
    private static boolean fastjsonRead(byte[] record, Map<String, Integer> index, float[] row) {
        try (JSONReader r = JSONReader.of(record)) {
            if (!r.nextIfObjectStart()) {
                return false;
            }
            int found = 0;
            while (!r.nextIfObjectEnd()) {
                String name = r.readFieldName();
                switch (name) {
                    case "key" -> r.readString();
                    case "timestamp" -> r.readInt64Value();
                    case "fields" -> {
                        if (!r.nextIfObjectStart()) {
                            return false;
                        }
                        while (!r.nextIfObjectEnd()) {
                            Integer at = index.get(r.readFieldName());
                            if (at == null) {
                                r.skipValue();
                            } else {
                                row[at] = r.readFloatValue();
                                found++;
                            }
                        }
                    }
                    default -> r.skipValue();
                }
            }
            return found == index.size();
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
