package io.recon.bench;

import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import io.recon.streaming.alerting.AlertDecisions;
import io.recon.streaming.input.RecordParser;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.state.StateWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Records per second on one core, same JSON records, no Kafka: Recon's scoring path (parse into the batch buffer,
 * ONNX Runtime per batch of 256, serve's per-key alert decisions) against Random Cut Forest's
 * score-and-update (the same parser, then a ThresholdedRandomCutForest: one for every key, each record a point,
 * which is RCF at its fastest; and one per key with shingling, as OpenSearch keeps a model per entity). Best of two
 * rounds after a warm-up.
 */
final class CompareSpeed {
    private CompareSpeed() {}

    /** Records per second: Recon; RCF with one forest for every key (shingle 1); RCF with a forest per key (shingle 8). */
    record Result(double reconRps, double rcfRps, double rcfPerKeyRps) {
        double ratio() {
            return reconRps / rcfRps;
        }
    }

    static Result measure(OnnxModel model, int records, int keys) throws Exception {
        List<String> features = model.contract().features();
        Random r = new Random(3);
        byte[][] values = new byte[records][];
        String[] keyOf = new String[records];
        for (int i = 0; i < records; i++) {
            keyOf[i] = "host-" + (i % keys);
            StringBuilder sb = new StringBuilder("{\"key\":\"").append(keyOf[i]).append("\",\"timestamp\":")
                    .append(1_700_000_000_000L + 1000L * i).append(",\"fields\":{");
            for (int f = 0; f < features.size(); f++) {
                sb.append(f == 0 ? "" : ",").append('"').append(features.get(f)).append("\":").append((float) r.nextGaussian());
            }
            values[i] = sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        }
        double recon = 0;
        double rcf = 0;
        double perKey = 0;
        for (int round = 0; round < 3; round++) {
            double a = recon(model, values, keyOf);
            double b = rcf(features, values, keyOf, false);
            double c = rcf(features, values, keyOf, true);
            if (round > 0) { // round 0 warms the JIT up
                recon = Math.max(recon, a);
                rcf = Math.max(rcf, b);
                perKey = Math.max(perKey, c);
            }
        }
        return new Result(recon, rcf, perKey);
    }

    private static double recon(OnnxModel model, byte[][] values, String[] keyOf) throws Exception {
        RecordParser parser = new RecordParser(model.contract().features());
        try (BatchScorer scorer = new BatchScorer(model, 256)) {
            AlertDecisions decisions = new ServingReplay(Map.of()).decisions();
            List<StateWrite> writes = new ArrayList<>();
            double threshold = model.contract().threshold().value();
            String name = model.contract().modelName();
            long t0 = System.nanoTime();
            int n = 0;
            int start = 0;
            for (int i = 0; i < values.length; i++) {
                if (!parser.parse(values[i], scorer.staging, n * scorer.inputSize()).usable()) {
                    throw new IllegalStateException("unparsable bench record");
                }
                if (++n == 256 || i == values.length - 1) {
                    scorer.run(n);
                    for (int k = 0; k < n; k++) {
                        decisions.observe(name, keyOf[start + k], 1_700_000_000_000L + 1000L * (start + k), scorer.scores[k],
                                threshold, writes);
                    }
                    writes.clear();
                    start += n;
                    n = 0;
                }
            }
            return values.length / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double rcf(List<String> names, byte[][] values, String[] keyOf, boolean perKey) {
        int features = names.size();
        RecordParser parser = new RecordParser(names);
        Map<String, ThresholdedRandomCutForest> forests = new HashMap<>();
        float[] row = new float[features];
        double[] point = new double[features];
        double sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < values.length; i++) {
            parser.parse(values[i], row, 0);
            for (int f = 0; f < features; f++) {
                point[f] = row[f];
            }
            ThresholdedRandomCutForest forest = forests.computeIfAbsent(perKey ? keyOf[i] : "all",
                    k -> RcfSuites.streaming(features, perKey ? RcfSuites.SHINGLE : 1, 42));
            sink += forest.process(point, i).getAnomalyGrade();
        }
        double rps = values.length / ((System.nanoTime() - t0) / 1e9);
        return sink < 0 ? -rps : rps;
    }
}
