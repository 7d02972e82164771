package io.recon.streaming.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {
    @Test
    void bucketsAreLeInclusiveAndNanAndHugeGoToInf() {
        ScoreHistogram h = new ScoreHistogram(new double[] {0.1, 1, 10});
        assertEquals(0, h.bucket(-5));
        assertEquals(0, h.bucket(0.1));
        assertEquals(1, h.bucket(0.1000001));
        assertEquals(1, h.bucket(1));
        assertEquals(2, h.bucket(9.99));
        assertEquals(3, h.bucket(10.5));
        assertEquals(3, h.bucket(Double.NaN));
        assertEquals(3, h.bucket(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new ScoreHistogram(new double[] {1, 1}));
    }

    @Test
    void bucketIsTheFirstBoundAtOrAboveTheValueForEveryNumberOfBounds() {
        Random r = new Random(9);
        for (int size = 1; size <= 40; size++) {
            double[] bounds = new double[size];
            double b = -3;
            for (int i = 0; i < size; i++) {
                bounds[i] = b += 0.01 + r.nextDouble();
            }
            ScoreHistogram h = new ScoreHistogram("h", "h", bounds);
            for (int i = 0; i < 2_000; i++) {
                double v = i % 5 == 0 ? bounds[r.nextInt(size)] : i % 7 == 0 ? Math.nextUp(bounds[r.nextInt(size)])
                        : -4 + r.nextDouble() * (b + 5);
                int expected = 0;
                while (expected < size && v > bounds[expected]) {
                    expected++;
                }
                assertEquals(expected, h.bucket(v), size + " bounds, " + v);
            }
        }
    }

    @Test
    void batchesAgreeWithAPlainCountAndTheScrapeIsCumulative() {
        ReconMetrics metrics = new ReconMetrics();
        Random r = new Random(5);
        long[] scratch = metrics.scratch();
        float[] scores = new float[256];
        java.util.List<Float> all = new java.util.ArrayList<>();
        double sum = 0;
        for (int batch = 0; batch < 40; batch++) {
            int n = 1 + r.nextInt(256);
            for (int i = 0; i < n; i++) {
                scores[i] = (float) Math.exp(r.nextGaussian() * 3 - 3);
                all.add(scores[i]);
                sum += scores[i];
            }
            metrics.scored("m", scores, n, 0, scratch);
        }
        String text = metrics.scrape();
        assertEquals(all.size(), value(text, "recon_score_count"), 0);
        assertEquals(sum, value(text, "recon_score_sum"), 1e-6 * sum);
        assertEquals(all.size(), value(text, "recon_records_scored_total"), 0);
        // every bucket holds exactly the scores at or below its bound (cumulative, as Prometheus wants)
        Matcher m = Pattern.compile("recon_score_bucket\\{le=\"([^\"]+)\"\\} (\\S+)").matcher(text);
        int buckets = 0;
        int inside = 0;
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            long expected = all.stream().filter(v -> v <= le).count();
            assertEquals(expected, Double.parseDouble(m.group(2)), 0, m.group());
            inside += expected > 0 && expected < all.size() ? 1 : 0;
            buckets++;
        }
        assertEquals(26, buckets, "25 bounds and +Inf");
        assertTrue(inside > 5, "the scores spread over many buckets");
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        assertTrue(m.find(), series + " in the scrape");
        return Double.parseDouble(m.group(1));
    }
}
