package io.recon.cli.bench;

import io.recon.schemas.contract.ModelContract;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.pipeline.JsonOut;
import io.recon.streaming.pipeline.RecordParser;
import io.recon.streaming.scoring.BatchScorer;
import io.recon.streaming.scoring.OnnxModel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures the scorer's per-record steps in isolation (no Kafka): parsing an input record, writing the
 * scored record, recording the score metrics, and inference at the default batch size. For
 * {@code recon bench hotpath}; figures are nanoseconds per record, best of three rounds.
 */
public final class HotPathProbe {
    private HotPathProbe() {}

    public static Map<String, Double> measure(OnnxModel model, int iterations) throws Exception {
        ModelContract c = model.contract();
        StringBuilder sb = new StringBuilder("{\"key\":\"host-17\",\"timestamp\":1763900000000,\"fields\":{");
        for (int f = 0; f < c.features().size(); f++) {
            sb.append(f == 0 ? "" : ",").append('"').append(c.features().get(f)).append("\":").append(10.123456f + f);
        }
        byte[] record = sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
        RecordParser parser = new RecordParser(c.features());
        float[] row = new float[c.inputShape().size()];
        JsonOut json = new JsonOut();
        ReconMetrics metrics = new ReconMetrics();
        metrics.modelLoaded(c);
        BatchScorer scorer = new BatchScorer(model, 256);
        float[] scores = new float[256];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 0.0123f + i * 1e-4f;
        }
        long[] scratch = metrics.scratch();
        double parse = Double.MAX_VALUE;
        double write = Double.MAX_VALUE;
        double metric = Double.MAX_VALUE;
        double inference = Double.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink += parser.parse(record, row, 0) ? 1 : 0;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink += json.scored("host-17", 1763900000000L + i, 0.0123f + i * 1e-9f, c.threshold().value(), false, c).length;
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < iterations / 256; i++) {
                scores[i & 255] = 0.0123f + i * 1e-9f;
                metrics.scored(c.modelName(), scores, 256, 0, scratch);
            }
            long t3 = System.nanoTime();
            int batches = Math.max(1, iterations / 256);
            for (int i = 0; i < batches; i++) {
                scorer.run(256);
            }
            long t4 = System.nanoTime();
            parse = Math.min(parse, (t1 - t0) / (double) iterations);
            write = Math.min(write, (t2 - t1) / (double) iterations);
            metric = Math.min(metric, (t3 - t2) / (double) (iterations / 256 * 256));
            inference = Math.min(inference, (t4 - t3) / (double) (batches * 256));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("parse_ns", round(parse));
        out.put("write_scored_ns", round(write));
        out.put("metrics_ns", round(metric));
        out.put("inference_ns_batch256", round(inference));
        out.put("checksum", (double) (sink % 7));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
