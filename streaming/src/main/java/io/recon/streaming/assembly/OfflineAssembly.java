package io.recon.streaming.assembly;

import io.recon.streaming.assembly.SampleBatch.Sample;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.InputFormat;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.input.SampleSink;
import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Records of any input format to vectors, the way {@code recon serve} makes them, for training and retraining
 * from a topic or a file: the same readers, naming and assembly, without Kafka Streams. The whole input is at hand,
 * so its samples are assembled in event-time order (a topic's partitions interleave arbitrarily, and a replayed
 * history carries its producer's time, not the samples'); {@link #finish} says what became of the input.
 */
public final class OfflineAssembly implements SampleSink, Assembler.Output {
    /** What the input made: vectors in the order they closed, and how many dead letters of each reason. */
    public record Result(List<FeatureVector> vectors, int records, long samples, Map<DeadLetterReason, Integer> deadLetters,
            Map<DeadLetterReason, String> firstDetails, long filled, long warming) {
        public int deadLetterCount() {
            return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final InputFormat format;
    private final Assembler assembler;
    private final List<FeatureVector> vectors = new ArrayList<>();
    private final Map<DeadLetterReason, Integer> dead = new EnumMap<>(DeadLetterReason.class);
    private final Map<DeadLetterReason, String> details = new EnumMap<>(DeadLetterReason.class);
    private final Map<String, List<Sample>> byEntity = new LinkedHashMap<>();
    /** Every sample read, with its entity, until {@link #finish} sorts them by time. */
    private final List<Map.Entry<String, Sample>> all = new ArrayList<>();
    private int records;
    private long samples;
    private long filled;
    private long warming;
    private byte[] key;
    private long timestamp;
    private int rejected;

    public OfflineAssembly(String formatId, InputSettings settings, AssemblyConfig config) {
        this(formatId, settings, config, Set.of());
    }

    /** @param counterFeatures features to read as counters (rates) besides those the format marks */
    public OfflineAssembly(String formatId, InputSettings settings, AssemblyConfig config, Set<String> counterFeatures) {
        this.format = InputFormats.create(formatId, settings);
        // records come in one after the other, in time order: no hold (it would hold every step until the end)
        this.assembler = new Assembler(new AssemblyConfig(config.stepMs(), config.graceMs(), config.carry(), config.carrySteps(),
                config.maxSeries(), 0, config.sourceIdleMs()), System::currentTimeMillis, counterFeatures::contains);
    }

    /** Reads one record. */
    public void add(byte[] key, byte[] value, long timestamp) {
        records++;
        this.key = key;
        this.timestamp = timestamp;
        byEntity.clear();
        rejected = 0;
        if (value == null) {
            count(DeadLetterReason.NULL_VALUE, "record has no value");
            return;
        }
        Rejection whole = format.read(key, value, timestamp, this);
        if (whole != null) {
            count(whole.reason(), whole.detail());
            return;
        }
        for (Map.Entry<String, List<Sample>> e : byEntity.entrySet()) {
            for (Sample x : e.getValue()) {
                all.add(Map.entry(e.getKey(), x));
            }
        }
    }

    /**
     * The median interval between consecutive samples of one series (of one entity) among the samples read so far, in
     * ms; 0 when there are none. Shippers collect at a fixed interval, which is the step to assemble at.
     */
    public long medianIntervalMs() {
        Map<String, List<Long>> times = new HashMap<>();
        for (Map.Entry<String, Sample> e : all) {
            times.computeIfAbsent(e.getKey() + '\u0000' + e.getValue().series(), k -> new ArrayList<>()).add(e.getValue().timeMs());
        }
        List<Long> gaps = new ArrayList<>();
        for (List<Long> t : times.values()) {
            Collections.sort(t);
            for (int i = 1; i < t.size(); i++) {
                if (t.get(i) > t.get(i - 1)) {
                    gaps.add(t.get(i) - t.get(i - 1));
                }
            }
        }
        if (gaps.isEmpty()) {
            return 0;
        }
        Collections.sort(gaps);
        return gaps.get(gaps.size() / 2);
    }

    /** The step to assemble samples {@code intervalMs} apart: a round step no longer than the interval (+10 %). */
    public static long stepFor(long intervalMs) {
        long[] steps = {1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
                1_800_000, 3_600_000};
        long best = steps[0];
        for (long st : steps) {
            if (st <= intervalMs * 1.1) {
                best = st;
            }
        }
        return best;
    }

    public Result finish() {
        all.sort(Comparator.comparingLong(e -> e.getValue().timeMs())); // stable: ties keep their order
        int i = 0;
        while (i < all.size()) {
            String entity = all.get(i).getKey();
            List<Sample> run = new ArrayList<>();
            while (i < all.size() && all.get(i).getKey().equals(entity)) {
                run.add(all.get(i++).getValue());
            }
            assembler.accept(entity, run, this);
        }
        all.clear();
        assembler.closeAll(this);
        return new Result(List.copyOf(vectors), records, samples, Map.copyOf(dead), Map.copyOf(details), filled, warming);
    }

    private void count(DeadLetterReason reason, String detail) {
        dead.merge(reason, 1, Integer::sum);
        details.putIfAbsent(reason, detail);
    }

    @Override
    public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
        samples++;
        byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(new Sample(series, feature, timeMs, value, counter));
    }

    @Override
    public void vector(String k, long timeMs, List<String> names, double[] values) {
        String entity = k != null ? k : key != null ? new String(key, StandardCharsets.UTF_8) : "-";
        int[] order = IntStream.range(0, names.size()).boxed()
                .sorted((a, b) -> names.get(a).compareTo(names.get(b))).mapToInt(Integer::intValue).toArray();
        String[] n = new String[order.length];
        double[] v = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            n[i] = names.get(order[i]);
            v[i] = values[order[i]];
        }
        vectors.add(new FeatureVector(entity, timeMs >= 0 ? timeMs : timestamp, n, v));
    }

    @Override
    public void reject(DeadLetterReason reason, String detail) {
        if (rejected++ == 0) {
            count(reason, detail);
        }
    }

    @Override
    public void vector(FeatureVector v) {
        vectors.add(v);
    }

    @Override
    public void deadLetter(String entity, Rejection why, byte[] rejectedSamples) {
        count(why.reason(), why.detail());
    }

    @Override
    public void warming(String entity) {
        warming++;
    }

    @Override
    public void filled(int n) {
        filled += n;
    }
}
