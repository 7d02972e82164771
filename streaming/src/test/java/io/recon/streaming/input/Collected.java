package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what a format read, for assertions. */
final class Collected implements SampleSink {
    record S(String entity, String series, String feature, long timeMs, double value, boolean counter) {}

    record V(String key, long timeMs, List<String> names, double[] values) {}

    final List<S> samples = new ArrayList<>();
    final List<V> vectors = new ArrayList<>();
    final List<Rejection> rejected = new ArrayList<>();

    @Override
    public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
        samples.add(new S(entity, series, feature, timeMs, value, counter));
    }

    @Override
    public void vector(String key, long timeMs, List<String> names, double[] values) {
        vectors.add(new V(key, timeMs, names, values));
    }

    @Override
    public void reject(DeadLetterReason reason, String detail) {
        rejected.add(Rejection.of(reason, detail));
    }

    S only() {
        if (samples.size() != 1) {
            throw new AssertionError("expected one sample, got " + samples);
        }
        return samples.get(0);
    }

    S series(String name) {
        return samples.stream().filter(s -> s.series().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " in " + samples));
    }
}
