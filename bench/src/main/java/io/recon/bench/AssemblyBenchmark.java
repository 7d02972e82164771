package io.recon.bench;

import io.recon.streaming.assembly.Assembler;
import io.recon.streaming.assembly.AssemblyConfig;
import io.recon.streaming.assembly.SampleBatch.Sample;
import io.recon.streaming.assembly.SampleBatch;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.InputFormat;
import io.recon.streaming.input.InputFormats;
import io.recon.streaming.input.InputSettings;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.input.SampleSink;
import io.recon.streaming.metrics.DeadLetterReason;
import io.recon.testkit.ShipperFleet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code recon bench stream --input-format F} for the shipper formats: the cost of turning shipper records into
 * vectors, on one core and without Kafka, phase by phase as the scorer runs them: reading records into samples
 * (the decoding tasks), the samples' trip through the repartition topic (encoding and decoding sample batches),
 * and the assembly into one vector per entity and step. Records are a fleet's host metrics as the shipper writes
 * them ({@link ShipperFleet}); each round reads all of them; the median round is reported.
 */
public final class AssemblyBenchmark {
    /** Options. */
    public record Options(String format, int hosts, int steps, int rounds) {}

    private final Options o;
    private final PrintStream out;

    public AssemblyBenchmark(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /** Collects one record's samples by entity. */
    private static final class Grouping implements SampleSink {
        final Map<String, List<Sample>> byEntity = new LinkedHashMap<>();
        long samples;
        long rejected;

        @Override
        public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
            samples++;
            byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(new Sample(series, feature, timeMs, value, counter));
        }

        @Override
        public void vector(String key, long timeMs, List<String> names, double[] values) {
            throw new IllegalStateException("not a shipper format");
        }

        @Override
        public void reject(DeadLetterReason reason, String detail) {
            rejected++;
        }
    }

    /** Counts vectors. */
    private static final class Count implements Assembler.Output {
        long vectors;
        long dead;

        @Override
        public void vector(FeatureVector v) {
            vectors++;
        }

        @Override
        public void deadLetter(String entity, Rejection why, byte[] samples) {
            dead++;
        }
    }

    /** One round's figures: nanoseconds per phase, samples, vectors. */
    private record Round(long readNs, long hopNs, long assembleNs, long samples, long vectors, long bytes) {
        double total() {
            return readNs + hopNs + assembleNs;
        }
    }

    public Map<String, Object> run() {
        if (!InputFormats.perSample(o.format())) {
            throw new IllegalArgumentException(o.format() + " is not a shipper format");
        }
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < o.hosts(); h++) {
            hosts.add("host-" + h);
        }
        long stepMs = 10_000L;
        long start = (System.currentTimeMillis() - (o.steps() + 10L) * stepMs) / stepMs * stepMs;
        out.printf("bench: writing %d hosts x %d steps of %s records%n", o.hosts(), o.steps(), o.format());
        List<ShipperFleet.Rec> records = new ShipperFleet(hosts, start, stepMs, 5).records(o.format(), 0, o.steps());
        long bytes = records.stream().mapToLong(r -> r.value().length).sum();
        out.printf("bench: %,d records, %,d bytes; a warm-up round, then %d rounds on one thread%n", records.size(), bytes,
                o.rounds());
        run(records, bytes);
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < o.rounds(); i++) {
            Round r = run(records, bytes);
            rounds.add(r);
            out.printf("  round %d: %,.0f samples/s, %,.0f vectors/s (read %.0f ns, repartition %.0f ns, assemble %.0f ns "
                    + "per sample)%n", i + 1, r.samples() / (r.total() / 1e9), r.vectors() / (r.total() / 1e9),
                    r.readNs() / (double) r.samples(), r.hopNs() / (double) r.samples(), r.assembleNs() / (double) r.samples());
        }
        rounds.sort(Comparator.comparingDouble(Round::total));
        Round m = rounds.get(rounds.size() / 2);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", o.format());
        json.put("records", records.size());
        json.put("samples", m.samples());
        json.put("vectors", m.vectors());
        json.put("bytes_per_sample", Math.round(m.bytes() / (double) m.samples() * 10) / 10.0);
        json.put("samples_per_s", Math.round(m.samples() / (m.total() / 1e9)));
        json.put("vectors_per_s", Math.round(m.vectors() / (m.total() / 1e9)));
        json.put("read_ns_per_sample", Math.round(m.readNs() / (double) m.samples()));
        json.put("repartition_ns_per_sample", Math.round(m.hopNs() / (double) m.samples()));
        json.put("assemble_ns_per_sample", Math.round(m.assembleNs() / (double) m.samples()));
        out.printf("%n%s, one core: %,d samples/s, %,d vectors/s (median of %d rounds; %,d samples, %,d vectors of %d "
                + "features)%n", o.format(), json.get("samples_per_s"), json.get("vectors_per_s"), o.rounds(), m.samples(),
                m.vectors(), m.vectors() == 0 ? 0 : m.samples() / m.vectors());
        return json;
    }

    private Round run(List<ShipperFleet.Rec> records, long bytes) {
        InputFormat format = InputFormats.create(o.format(), InputSettings.defaults());
        Assembler assembler = new Assembler(AssemblyConfig.defaults(), System::currentTimeMillis);
        Count count = new Count();
        Grouping g = new Grouping();
        long read = 0;
        long hop = 0;
        long assemble = 0;
        for (ShipperFleet.Rec r : records) {
            g.byEntity.clear();
            long t0 = System.nanoTime();
            format.read(r.key(), r.value(), 0, g);
            long t1 = System.nanoTime();
            List<Map.Entry<String, List<Sample>>> batches = new ArrayList<>();
            for (Map.Entry<String, List<Sample>> e : g.byEntity.entrySet()) {
                batches.add(Map.entry(e.getKey(), SampleBatch.decode(SampleBatch.encode(e.getValue()))));
            }
            long t2 = System.nanoTime();
            for (Map.Entry<String, List<Sample>> e : batches) {
                assembler.accept(e.getKey(), e.getValue(), count);
            }
            long t3 = System.nanoTime();
            read += t1 - t0;
            hop += t2 - t1;
            assemble += t3 - t2;
        }
        if (g.rejected > 0 || count.dead > 0) {
            throw new IllegalStateException("the benchmark's records were rejected: " + g.rejected + " samples, " + count.dead
                    + " dead letters");
        }
        return new Round(read, hop, assemble, g.samples, count.vectors, bytes);
    }
}
