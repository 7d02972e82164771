package io.recon.streaming.alerting;

import java.util.HashMap;
import java.util.Map;

/**
 * How many keys each model scores across the whole service, for a false-alert budget stated for the fleet: each key
 * gets its share of it. Every scoring task (one per input partition) counts its own keys per model; this instance
 * sees its own tasks only, so with {@link #partitions} known the count is scaled from the partitions this instance
 * holds to all of them (keys spread over partitions by hash, so an instance holding half the partitions holds about
 * half the keys; one instance holding all of them counts exactly). Without a partition count (a benchmark, a suite:
 * one task sees everything) the keys counted are the fleet.
 *
 * <p>Thread-safe: tasks update it when they meet a new key (rare); readers get a snapshot of the estimates.
 */
public final class FleetKeys {
    private final Map<Task, Map<String, Integer>> byTask = new HashMap<>();
    private volatile Map<String, Double> estimates = Map.of();
    private int partitions;

    /** The partitions the scoring tasks read, in all instances together (0: unknown, the tasks here see every key). */
    public synchronized void partitions(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + n);
        }
        partitions = n;
        recompute();
    }

    /** A new scoring task's counter; closed with the task. */
    public synchronized Task task() {
        Task t = new Task();
        byTask.put(t, new HashMap<>());
        recompute();
        return t;
    }

    /** The keys {@code model} has across the service (at least 1). */
    public double keys(String model) {
        Double e = estimates.get(model);
        return e == null ? 1 : Math.max(1, e);
    }

    private synchronized void update(Task t, String model, int keys) {
        Map<String, Integer> counts = byTask.get(t);
        if (counts != null && !Integer.valueOf(keys).equals(counts.put(model, keys))) {
            recompute();
        }
    }

    private synchronized void remove(Task t) {
        if (byTask.remove(t) != null) {
            recompute();
        }
    }

    private void recompute() {
        Map<String, Double> sums = new HashMap<>();
        for (Map<String, Integer> counts : byTask.values()) {
            counts.forEach((model, n) -> sums.merge(model, (double) n, Double::sum));
        }
        int tasks = byTask.size();
        if (partitions > tasks && tasks > 0) {
            double scale = (double) partitions / tasks;
            sums.replaceAll((model, n) -> n * scale);
        }
        estimates = Map.copyOf(sums);
    }

    /** One scoring task's key counts. */
    public final class Task implements AutoCloseable {
        private Task() {}

        /** The task now holds {@code keys} keys of {@code model}. */
        public void keys(String model, int keys) {
            update(this, model, keys);
        }

        /** The estimate of {@code model}'s keys across the service. */
        public double fleet(String model) {
            return FleetKeys.this.keys(model);
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
