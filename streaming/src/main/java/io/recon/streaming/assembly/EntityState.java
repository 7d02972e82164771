package io.recon.streaming.assembly;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the assembly remembers of one entity: the phase of its step grid, how far its time has gone, its open
 * steps with their latest sample per series, and per series the last value (for carrying it) and the last raw
 * counter reading (for rates). Stored per entity in the changelogged store {@code recon-assembly}, format version
 * {@value #VERSION} (golden file {@code golden/assembly-state.v1.hex}).
 */
final class EntityState {
    static final byte VERSION = 1;

    /** The latest sample of one series within an open step. */
    static final class Pending {
        final String feature;
        final boolean counter;
        long timeMs;
        double value;

        Pending(String feature, boolean counter, long timeMs, double value) {
            this.feature = feature;
            this.counter = counter;
            this.timeMs = timeMs;
            this.value = value;
        }
    }

    /** One live series. */
    static final class Series {
        final String feature;
        final boolean counter;
        boolean hasRaw;
        double lastRaw;
        long lastRawMs;
        boolean hasOut;
        double lastOut;
        /** Start of the last step the series had a sample in. */
        long lastStep;

        Series(String feature, boolean counter) {
            this.feature = feature;
            this.counter = counter;
        }
    }

    /** Steps are [phase + k * step, phase + (k+1) * step); the phase is set by the entity's first sample. */
    boolean hasPhase;
    long phase;
    /** Latest sample time seen. */
    long watermark = Long.MIN_VALUE;
    /** End of the last closed step: samples before it are late. */
    long closedUntil = Long.MIN_VALUE;
    final Map<String, Series> series = new HashMap<>();
    final TreeMap<Long, Map<String, Pending>> open = new TreeMap<>();
    /** Wall-clock time each open step became due (not stored: after a restart due steps are due again). */
    final Map<Long, Long> dueSince = new HashMap<>();

    boolean empty() {
        return series.isEmpty() && open.isEmpty();
    }

    byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + series.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeBoolean(hasPhase);
            out.writeLong(phase);
            out.writeLong(watermark);
            out.writeLong(closedUntil);
            out.writeInt(series.size());
            for (Map.Entry<String, Series> e : new TreeMap<>(series).entrySet()) {
                Series s = e.getValue();
                out.writeUTF(e.getKey());
                writeFeature(out, e.getKey(), s.feature);
                out.writeByte((s.counter ? 1 : 0) | (s.hasRaw ? 2 : 0) | (s.hasOut ? 4 : 0));
                out.writeDouble(s.lastRaw);
                out.writeLong(s.lastRawMs);
                out.writeDouble(s.lastOut);
                out.writeLong(s.lastStep);
            }
            out.writeInt(open.size());
            for (Map.Entry<Long, Map<String, Pending>> step : open.entrySet()) {
                out.writeLong(step.getKey());
                out.writeInt(step.getValue().size());
                for (Map.Entry<String, Pending> e : new TreeMap<>(step.getValue()).entrySet()) {
                    Pending p = e.getValue();
                    out.writeUTF(e.getKey());
                    writeFeature(out, e.getKey(), p.feature);
                    out.writeBoolean(p.counter);
                    out.writeLong(p.timeMs);
                    out.writeDouble(p.value);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return bytes.toByteArray();
    }

    private static void writeFeature(DataOutputStream out, String series, String feature) throws IOException {
        boolean same = feature.equals(series);
        out.writeBoolean(same);
        if (!same) {
            out.writeUTF(feature);
        }
    }

    private static String readFeature(DataInputStream in, String series) throws IOException {
        return in.readBoolean() ? series : in.readUTF();
    }

    static EntityState read(byte[] bytes) {
        EntityState s = new EntityState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("assembly state version " + version + " (this Recon reads " + VERSION + ")");
            }
            s.hasPhase = in.readBoolean();
            s.phase = in.readLong();
            s.watermark = in.readLong();
            s.closedUntil = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                String feature = readFeature(in, name);
                int flags = in.readByte();
                Series y = new Series(feature, (flags & 1) != 0);
                y.hasRaw = (flags & 2) != 0;
                y.hasOut = (flags & 4) != 0;
                y.lastRaw = in.readDouble();
                y.lastRawMs = in.readLong();
                y.lastOut = in.readDouble();
                y.lastStep = in.readLong();
                s.series.put(name, y);
            }
            int steps = in.readInt();
            for (int i = 0; i < steps; i++) {
                long start = in.readLong();
                int m = in.readInt();
                Map<String, Pending> step = new HashMap<>();
                for (int j = 0; j < m; j++) {
                    String name = in.readUTF();
                    String feature = readFeature(in, name);
                    boolean counter = in.readBoolean();
                    step.put(name, new Pending(feature, counter, in.readLong(), in.readDouble()));
                }
                s.open.put(start, step);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated assembly state", e);
        }
        return s;
    }
}
