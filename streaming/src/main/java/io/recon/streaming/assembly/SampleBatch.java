package io.recon.streaming.assembly;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples of one entity from one input record, as they travel through the repartition topic from the
 * decoding tasks to the entity's assembling task. Binary, versioned: byte 1 (the format version), the count,
 * then per sample its series, its feature when that differs, a flag byte, the time (epoch ms) and the value.
 */
public final class SampleBatch {
    public static final byte VERSION = 1;
    private static final int COUNTER = 1;
    private static final int OWN_FEATURE = 2;

    /** One sample; {@code feature} is {@code series} itself unless fewer feature labels were chosen. */
    public record Sample(String series, String feature, long timeMs, double value, boolean counter) {}

    private SampleBatch() {}

    public static byte[] encode(List<Sample> samples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + samples.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(samples.size());
            for (Sample s : samples) {
                boolean own = !s.feature().equals(s.series());
                out.writeUTF(s.series());
                out.writeByte((s.counter() ? COUNTER : 0) | (own ? OWN_FEATURE : 0));
                if (own) {
                    out.writeUTF(s.feature());
                }
                out.writeLong(s.timeMs());
                out.writeDouble(s.value());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return bytes.toByteArray();
    }

    /** The samples, or throws {@link IllegalArgumentException} when the bytes are not a batch of this version. */
    public static List<Sample> decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("sample batch version " + version + " (this Recon reads " + VERSION + ")");
            }
            int n = in.readInt();
            if (n < 0 || n > value.length) {
                throw new IllegalArgumentException("sample batch of " + n + " samples in " + value.length + " bytes");
            }
            List<Sample> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String series = in.readUTF();
                int flags = in.readByte();
                String feature = (flags & OWN_FEATURE) != 0 ? in.readUTF() : series;
                out.add(new Sample(series, feature, in.readLong(), in.readDouble(), (flags & COUNTER) != 0));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated sample batch", e);
        }
    }
}
