package io.recon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated data for tests and demos: correlated sensors with injected anomalies, and small bar images. */
public final class DataGenerator {
    private DataGenerator() {}

    /**
     * F features driven by two latent factors plus noise; rows flagged anomalous have their
     * correlation broken (one feature jumps against the others). Label column "label": 1 = anomaly.
     */
    public static Path correlatedCsv(Path dir, int rows, int features, double anomalyRate, long seed) throws IOException {
        Random r = new Random(seed);
        double[][] mix = new double[features][2];
        for (double[] m : mix) {
            m[0] = r.nextGaussian();
            m[1] = r.nextGaussian();
        }
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("timestamp");
        for (int f = 0; f < features; f++) {
            header.append(",sensor_").append(f);
        }
        lines.add(header.append(",label").toString());
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < rows; i++) {
            double z1 = Math.sin(i / 15.0) + 0.3 * r.nextGaussian();
            double z2 = r.nextGaussian();
            boolean anomaly = i > rows / 5 && r.nextDouble() < anomalyRate;
            StringBuilder line = new StringBuilder(java.time.Instant.ofEpochMilli(t0 + i * 60_000L).toString());
            int broken = r.nextInt(features);
            for (int f = 0; f < features; f++) {
                double v = 10 + 3 * (mix[f][0] * z1 + mix[f][1] * z2) + 0.1 * r.nextGaussian();
                if (anomaly && f == broken) {
                    v += (r.nextBoolean() ? 1 : -1) * (6 + 3 * r.nextDouble());
                }
                line.append(',').append((float) v);
            }
            lines.add(line.append(',').append(anomaly ? 1 : 0).toString());
        }
        Path file = dir.resolve("sensors.csv");
        Files.write(file, lines);
        return file;
    }

    /** Normal images hold one horizontal bar, anomalies one vertical bar; values 0..255. */
    public static float[] barImage(int h, int w, boolean anomaly, Random r) {
        float[] img = new float[h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (10 * r.nextDouble());
        }
        int pos = 1 + r.nextInt((anomaly ? w : h) - 2);
        for (int k = 0; k < (anomaly ? h : w); k++) {
            int idx = anomaly ? k * w + pos : pos * w + k;
            img[idx] = 200 + 50 * (float) r.nextDouble();
        }
        return img;
    }

    /**
     * An MNIST-style directory {@code parent/name} of side x side images, as the MNIST suite and {@code recon eval}
     * read it: {@code train-*} and {@code t10k-*} IDX files, gzipped (label 1 = anomaly).
     */
    public static Path mnistLayout(Path parent, String name, int side, int train, double trainAnomalies, int test,
            double testAnomalies, long seed) throws IOException {
        Path mnist = Files.createDirectories(parent.resolve(name));
        idxImages(mnist, train, side, side, trainAnomalies, true, seed);
        Path t10k = Files.createDirectories(parent.resolve(name + "-t10k"));
        idxImages(t10k, test, side, side, testAnomalies, true, seed + 1);
        Files.move(t10k.resolve("train-images-idx3-ubyte.gz"), mnist.resolve("t10k-images-idx3-ubyte.gz"));
        Files.move(t10k.resolve("train-labels-idx1-ubyte.gz"), mnist.resolve("t10k-labels-idx1-ubyte.gz"));
        return mnist;
    }

    /** Writes IDX image and label files (gzipped when asked); label 0 = normal, 1 = anomaly. */
    public static Path idxImages(Path dir, int n, int h, int w, double anomalyRate, boolean gzip, long seed) throws IOException {
        Random r = new Random(seed);
        java.io.ByteArrayOutputStream img = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream lab = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream di = new java.io.DataOutputStream(img);
        java.io.DataOutputStream dl = new java.io.DataOutputStream(lab);
        di.writeInt(0x803);
        di.writeInt(n);
        di.writeInt(h);
        di.writeInt(w);
        dl.writeInt(0x801);
        dl.writeInt(n);
        for (int i = 0; i < n; i++) {
            boolean anomaly = r.nextDouble() < anomalyRate;
            for (float v : barImage(h, w, anomaly, r)) {
                di.writeByte((int) v);
            }
            dl.writeByte(anomaly ? 1 : 0);
        }
        Path images = dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        Path labels = dir.resolve("train-labels-idx1-ubyte" + (gzip ? ".gz" : ""));
        write(images, img.toByteArray(), gzip);
        write(labels, lab.toByteArray(), gzip);
        return images;
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (!gzip) {
            Files.write(file, bytes);
            return;
        }
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }

    /** AUROC by the rank-sum formula, ties counted half. */
    public static double auroc(float[] scores, boolean[] positive) {
        long pos = 0;
        long neg = 0;
        double wins = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!positive[i]) {
                continue;
            }
            pos++;
            for (int j = 0; j < scores.length; j++) {
                if (positive[j]) {
                    continue;
                }
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        for (boolean p : positive) {
            neg += p ? 0 : 1;
        }
        return wins / (pos * neg);
    }
}
