package io.recon.streaming.assembly;

import io.recon.streaming.assembly.SampleBatch.Sample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * How far each source (input partition) of an assembling task has come: the latest sample time it sent, and when
 * (wall clock) it last sent anything. Samples of one source arrive in its order, so once every active source has
 * passed a time, no sample before it is still to come: that time, the sources' watermark, bounds which steps may
 * close. A source whose decoding task says it has read everything ({@link #idle}) no longer holds the others back
 * until it sends again; nor does one silent for the idle time (wall clock, {@code recon.assembly.source.idle}) without
 * saying so: its instance failed and the failover takes that long, so it is waited for until then. Stored with the
 * entities (key {@link #KEY}), so that a task moved to another instance waits for the same sources.
 */
final class Sources {
    /** The store key of the sources (no entity starts with a NUL). */
    static final String KEY = "\u0000sources";
    static final byte VERSION = 1;

    /** One source's progress. */
    private static final class Source {
        long maxTs;
        long lastWall;
        /** Its going idle was reported (by {@link #expire}); cleared when it sends again. */
        boolean idle;
        /** Its decoding task said it is caught up; cleared when it sends again. */
        boolean caughtUp;

        Source(long maxTs, long lastWall) {
            this.maxTs = maxTs;
            this.lastWall = lastWall;
        }
    }

    private final Map<String, Source> bySource = new TreeMap<>();
    private final LongSupplier wallClock;
    private final long idleMs;

    Sources(LongSupplier wallClock, long idleMs) {
        this.wallClock = wallClock;
        this.idleMs = idleMs;
    }

    /** Notes a source's samples; true when its progress changed (to be stored). */
    boolean seen(String source, List<Sample> samples) {
        long max = Long.MIN_VALUE;
        for (Sample x : samples) {
            max = Math.max(max, x.timeMs());
        }
        Source s = bySource.get(source);
        long now = wallClock.getAsLong();
        if (s == null) {
            if (max == Long.MIN_VALUE) {
                return false;
            }
            bySource.put(source, new Source(max, now));
            return true;
        }
        s.lastWall = now;
        s.idle = false;
        s.caughtUp = false;
        if (max > s.maxTs) {
            s.maxTs = max;
            return true;
        }
        return false;
    }

    /** The latest time every active source has passed; {@code Long.MAX_VALUE} when there is none. */
    long watermark() {
        long now = wallClock.getAsLong();
        long w = Long.MAX_VALUE;
        for (Source s : bySource.values()) {
            if (!s.caughtUp && now - s.lastWall <= idleMs) {
                w = Math.min(w, s.maxTs);
            }
        }
        return w;
    }

    /** A source's decoding task is caught up; true when that frees steps it was holding back. */
    boolean idle(String source) {
        Source s = bySource.get(source);
        if (s == null || s.caughtUp) {
            return false;
        }
        s.caughtUp = true;
        return true;
    }

    /** Forgets sources silent for long past the idle bound; true when a source went idle since the last call. */
    boolean expire() {
        long now = wallClock.getAsLong();
        boolean idled = false;
        for (Iterator<Source> it = bySource.values().iterator(); it.hasNext(); ) {
            Source s = it.next();
            long silent = now - s.lastWall;
            if (silent > idleMs && !s.idle) {
                s.idle = true;
                idled = true;
            }
            if (silent > 10 * idleMs) {
                it.remove();
            }
        }
        return idled;
    }

    int size() {
        return bySource.size();
    }

    byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + bySource.size() * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(bySource.size());
            for (Map.Entry<String, Source> e : bySource.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().maxTs);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return bytes.toByteArray();
    }

    /** Reads stored sources, each active again from now (it gets the idle bound to send again). */
    void restore(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("assembly sources version " + version + " (this Recon reads " + VERSION + ")");
            }
            int n = in.readInt();
            long now = wallClock.getAsLong();
            for (int i = 0; i < n; i++) {
                String source = in.readUTF();
                long max = in.readLong();
                Source s = bySource.get(source);
                if (s == null || s.maxTs < max) {
                    bySource.put(source, new Source(max, now));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated assembly sources", e);
        }
    }
}
