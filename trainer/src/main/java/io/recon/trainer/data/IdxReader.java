package io.recon.trainer.data;

import io.recon.schemas.contract.InputShape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format): an {@code idx3} image file of unsigned bytes, optionally
 * gzipped, and the matching {@code idx1} label file. A directory means its training files
 * ({@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}).
 */
public final class IdxReader {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_SIDE = 4096;

    private IdxReader() {}

    public static boolean isIdx(Path path) {
        String name = path.getFileName().toString();
        return Files.isDirectory(path) || name.contains("idx3-ubyte") || name.endsWith(".idx3");
    }

    public static FeatureTable read(Path path, String split) {
        Path images = Files.isDirectory(path) ? find(path, split + "-images-idx3-ubyte") : path;
        Path labels = siblingLabels(images);
        try {
            int[] dims = new int[3];
            byte[] pixels = readImages(images, dims);
            int n = dims[0];
            int h = dims[1];
            int w = dims[2];
            String[] labelText = null;
            if (labels != null) {
                byte[] l = readLabels(labels);
                if (l.length != n) {
                    throw DataException.in(labels, "holds " + l.length + " labels but " + images + " holds " + n + " images");
                }
                labelText = new String[n];
                for (int i = 0; i < n; i++) {
                    labelText[i] = Integer.toString(l[i] & 0xff);
                }
            }
            float[][] rows = new float[n][h * w];
            for (int i = 0; i < n; i++) {
                float[] r = rows[i];
                int base = i * h * w;
                for (int p = 0; p < r.length; p++) {
                    r[p] = pixels[base + p] & 0xff;
                }
            }
            List<String> names = new ArrayList<>(h * w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    names.add("px_" + y + "_" + x);
                }
            }
            return new FeatureTable(images.toString(), names, InputShape.image(1, h, w), rows, null, labelText);
        } catch (IOException e) {
            throw DataException.in(images, "cannot read: " + e.getMessage());
        }
    }

    /** Whether a directory holds the images of a split ({@code train}, {@code t10k}), gzipped or not. */
    public static boolean hasSplit(Path dir, String split) {
        return Files.isDirectory(dir) && locate(dir, split + "-images-idx3-ubyte") != null;
    }

    private static Path locate(Path dir, String stem) {
        for (String suffix : new String[] {"", ".gz"}) {
            Path p = dir.resolve(stem + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path find(Path dir, String stem) {
        Path found = locate(dir, stem);
        if (found != null) {
            return found;
        }
        throw DataException.in(dir, "is a directory without " + stem + "[.gz]; point --data at a CSV, JSON-lines or IDX file");
    }

    private static Path siblingLabels(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images-idx3-ubyte")) {
            return null;
        }
        for (String candidate : new String[] {name.replace("images-idx3-ubyte", "labels-idx1-ubyte"),
                name.replace("images-idx3-ubyte", "labels-idx1-ubyte").replace(".gz", ""),
                name.replace("images-idx3-ubyte", "labels-idx1-ubyte") + ".gz"}) {
            Path p = images.resolveSibling(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return new DataInputStream(b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    static byte[] readImages(Path file, int[] dims) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw DataException.in(file, String.format("not an IDX image file (magic 0x%08x, expected 0x%08x: "
                        + "unsigned bytes, 3 dimensions)", magic, IMAGES_MAGIC));
            }
            int n = readHeaderInt(in, file);
            int h = readHeaderInt(in, file);
            int w = readHeaderInt(in, file);
            if (n <= 0 || h <= 0 || w <= 0 || h > MAX_SIDE || w > MAX_SIDE || (long) n * h * w > Integer.MAX_VALUE - 8) {
                throw DataException.in(file, "wrong image size in header: " + n + " images of " + h + "x" + w);
            }
            byte[] pixels = new byte[n * h * w];
            try {
                in.readFully(pixels);
            } catch (EOFException e) {
                throw DataException.in(file, "truncated: the header promises " + n + " images of " + h + "x" + w
                        + " but the file ends early (wrong image size or a partial download)");
            }
            if (in.read() != -1) {
                throw DataException.in(file, "holds more bytes than " + n + " images of " + h + "x" + w
                        + " (wrong image size in header)");
            }
            dims[0] = n;
            dims[1] = h;
            dims[2] = w;
            return pixels;
        }
    }

    static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw DataException.in(file, String.format("not an IDX label file (magic 0x%08x)", magic));
            }
            int n = readHeaderInt(in, file);
            byte[] labels = new byte[Math.max(n, 0)];
            try {
                in.readFully(labels);
            } catch (EOFException e) {
                throw DataException.in(file, "truncated: the header promises " + n + " labels");
            }
            return labels;
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw DataException.in(file, "truncated IDX header");
        }
    }
}
