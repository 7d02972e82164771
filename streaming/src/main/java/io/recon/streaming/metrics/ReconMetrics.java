package io.recon.streaming.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.recon.schemas.contract.ModelContract;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recon's Prometheus metrics. The names are an interface: dashboards and operators rely on them.
 *
 * <pre>
 * recon_records_scored_total            recon_anomalies_total        recon_alerts_total{status}
 * recon_dead_letters_total{reason}      recon_score (histogram)      recon_batch_size (histogram)
 * recon_inference_seconds (histogram)   recon_model_info{model,version}   recon_threshold{model}
 * recon_model_loaded_total              recon_model_rejected_total   recon_alert_firing{key}
 * recon_score_drift{model}             recon_records_alerting_total recon_tail_probability (histogram)
 * recon_stream_thread_failures_total
 * </pre>
 */
public final class ReconMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ReconMetrics.class);
    private final PrometheusMeterRegistry registry;
    private final Counter scored;
    private final Counter anomalies;
    private final Counter alerting;
    private final Counter alertsFiring;
    private final Counter alertsResolved;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final ScoreHistogram score;
    private final ScoreHistogram tail;
    private final DistributionSummary batchSize;
    private final Timer inference;
    private final Counter modelLoaded;
    private final Counter modelRejected;
    private final Counter threadFailures;
    private final Counter samples;
    private final Counter vectors;
    private final Counter warming;
    private final Counter filled;
    private final Counter maintenance;
    private final Map<String, Counter> converted = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> thresholds = new ConcurrentHashMap<>();
    private final Map<String, String> activeVersion = new ConcurrentHashMap<>();
    private final Map<String, Gauge> firingKeys = new ConcurrentHashMap<>();
    private final Map<String, DriftMonitor> drift = new ConcurrentHashMap<>();
    static final int MAX_FIRING_KEYS = 200;

    public ReconMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        scored = Counter.builder("recon.records.scored").description("Records scored").register(registry);
        anomalies = Counter.builder("recon.anomalies").description("Scored records above the threshold").register(registry);
        alerting = Counter.builder("recon.records.alerting")
                .description("Scored records that count toward an alert (calibrated per key, within the alert budget)")
                .register(registry);
        alertsFiring = Counter.builder("recon.alerts").tag("status", "firing").description("Alerts published")
                .register(registry);
        alertsResolved = Counter.builder("recon.alerts").tag("status", "resolved").description("Alerts published")
                .register(registry);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(r, Counter.builder("recon.dead.letters").tag("reason", r.id())
                    .description("Records sent to the dead-letter topic").register(registry));
        }
        score = new ScoreHistogram(scoreBuckets());
        registry.getPrometheusRegistry().register(score);
        tail = new ScoreHistogram("recon_tail_probability", "Calibrated tail probability of each scored record against "
                + "its key's own history (1 while the key warms up); alert budget on", new double[] {1e-9, 1e-8, 1e-7, 1e-6,
                        1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1});
        registry.getPrometheusRegistry().register(tail);
        batchSize = DistributionSummary.builder("recon.batch.size").description("Records per inference batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096).register(registry);
        inference = Timer.builder("recon.inference").description("ONNX Runtime time per batch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        modelLoaded = Counter.builder("recon.model.loaded").description("Model versions loaded").register(registry);
        modelRejected = Counter.builder("recon.model.rejected").description("Model versions rejected").register(registry);
        threadFailures = Counter.builder("recon.stream.thread.failures")
                .description("Stream threads that died of an exception (replaced, or the service stopped)").register(registry);
        for (String verdict : new String[] {"false-positive", "true-positive"}) { // the feedback follower adds per model
            Counter.builder("recon.feedback").tag("verdict", verdict).tag("model", "any").tag("key", "any")
                    .description("Operator verdicts on alerts").register(registry);
        }
        maintenance = Counter.builder("recon.records.maintenance").description("Records scored inside a maintenance "
                + "window: no alert, not part of their key's calibration").register(registry);
        samples = Counter.builder("recon.assembly.samples").description("Samples read from shipper-format records")
                .register(registry);
        vectors = Counter.builder("recon.assembly.vectors").description("Vectors assembled from samples, one per entity "
                + "and step").register(registry);
        warming = Counter.builder("recon.assembly.warming").description("Steps held back because a counter in them had "
                + "no rate yet (its first reading)").register(registry);
        filled = Counter.builder("recon.assembly.filled").description("Values carried into a step for series without a "
                + "sample in it (recon.assembly.missing=carry)").register(registry);
    }

    /**
     * Input timestamps converted to milliseconds from {@code unit} ({@code s}, {@code us}, {@code ns}, told by their
     * size); the first of each unit is logged once, saying so.
     */
    /** The schema registry's state: whether a lookup waits for it, and how many lookups found it unreachable. */
    public void schemaRegistry(io.recon.streaming.registry.SchemaRegistry r) {
        Gauge.builder("recon.schema.registry.waiting", r, x -> x.waiting() ? 1 : 0)
                .description("1 while records wait for an unreachable schema registry").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("recon.schema.registry.failures", r,
                io.recon.streaming.registry.SchemaRegistry::failures)
                .description("Schema lookups that found no registry answering (each retried)").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("recon.schema.registry.fetches", r,
                io.recon.streaming.registry.SchemaRegistry::fetched)
                .description("Schema lookups sent to the registry (ids not yet cached)").register(registry);
    }

    public void timestampsConverted(String unit, long n) {
        Counter c = converted.computeIfAbsent(unit, u -> {
            LOG.info("input timestamps in {} (told by their size) are converted to epoch milliseconds; counted in "
                    + "recon_input_timestamps_converted_total", u);
            return Counter.builder("recon.input.timestamps.converted").tag("unit", u).description("Input timestamps "
                    + "given in seconds, microseconds or nanoseconds (told by their size), converted to milliseconds")
                    .register(registry);
        });
        c.increment(n);
    }

    /** Records scored inside a maintenance window (never alerting, kept out of calibration). */
    public void inMaintenance(int n) {
        maintenance.increment(n);
    }

    /** Shipper formats: samples decoded from one record. */
    public void samples(int n) {
        samples.increment(n);
    }

    /** Shipper formats: one vector assembled, with {@code filledValues} carried values. */
    public void vectorAssembled(int filledValues) {
        vectors.increment();
        if (filledValues > 0) {
            filled.increment(filledValues);
        }
    }

    /** Shipper formats: one step held back while a counter warms up. */
    public void stepWarming() {
        warming.increment();
    }

    private static double[] scoreBuckets() {
        double[] b = new double[25];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.pow(10, -4 + i * 0.333333);
        }
        return b;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** A scratch array for {@link #scored}: one per calling thread (a scoring processor holds one). */
    public long[] scratch() {
        return new long[score.buckets()];
    }

    /** A scratch array for {@link #calibrated}. */
    public long[] tailScratch() {
        return new long[tail.buckets()];
    }

    /** Records the calibrated tail probabilities {@code q[0, n)} of a micro-batch. */
    public void calibrated(float[] q, int n, long[] scratch) {
        if (n > 0) {
            tail.record(q, n, scratch);
        }
    }

    /**
     * Records one scored micro-batch of a model: {@code scores[0, n)} into the score histogram and the
     * model's drift monitor, the counts of scored records and anomalies, and the batch size. Everything is
     * done once per batch but the bucket search, so the cost per record stays a few nanoseconds.
     */
    public void scored(String model, float[] scores, int n, int anomalous, long[] scratch) {
        score.record(scores, n, scratch);
        DriftMonitor d = drift.get(model);
        if (d != null) {
            d.record(scores, n);
        }
        scored.increment(n);
        batchSize.record(n);
        if (anomalous > 0) {
            anomalies.increment(anomalous);
        }
    }

    /** recon_score_drift{model}: PSI of the recent scores against the serving version's training-time scores. */
    public double drift(String model) {
        DriftMonitor d = drift.get(model);
        return d == null ? Double.NaN : d.psi();
    }

    /** Records of a batch that counted toward an alert (the alert budget's view, next to the model threshold's). */
    public void alerting(int n) {
        if (n > 0) {
            alerting.increment(n);
        }
    }

    public void alert(boolean firing) {
        (firing ? alertsFiring : alertsResolved).increment();
    }

    /**
     * Tracks {@code recon_alert_firing{key}} (1 while a key fires) for dashboards, for at most
     * {@value #MAX_FIRING_KEYS} keys at a time so that label cardinality stays bounded.
     */
    public void alert(String key, boolean firing) {
        alert(firing);
        if (firing) {
            if (firingKeys.size() < MAX_FIRING_KEYS) {
                firingKeys.computeIfAbsent(key, k -> Gauge.builder("recon.alert.firing", () -> 1).tag("key", k)
                        .description("1 while the key has a firing alert").register(registry));
            }
        } else {
            Gauge g = firingKeys.remove(key);
            if (g != null) {
                registry.remove(g);
            }
        }
    }

    public void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    public void inference(long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A model version went live: info gauge 1 for it (0 for the one it replaced), threshold gauge. */
    public void modelLoaded(ModelContract c) {
        modelLoaded.increment();
        String previous = activeVersion.put(c.modelName(), c.modelVersion());
        if (previous != null && !previous.equals(c.modelVersion())) {
            registry.find("recon.model.info").tags("model", c.modelName(), "version", previous).gauges()
                    .forEach(registry::remove);
        }
        Gauge.builder("recon.model.info", () -> 1).tags(Tags.of("model", c.modelName(), "version", c.modelVersion()))
                .description("The model version in service (value 1)").register(registry);
        if (c.scoreReference() == null) {
            drift.remove(c.modelName());
        } else {
            drift.put(c.modelName(), new DriftMonitor(c.scoreReference()));
        }
        if (registry.find("recon.score.drift").tags("model", c.modelName()).gauge() == null) {
            String model = c.modelName();
            Gauge.builder("recon.score.drift", this, m -> m.drift(model)).tag("model", c.modelName())
                    .description("Population stability index of the last 4096 scores against the training-time scores")
                    .register(registry);
        }
        thresholds.computeIfAbsent(c.modelName(), name -> {
            AtomicReference<Double> ref = new AtomicReference<>(c.threshold().value());
            Gauge.builder("recon.threshold", ref, AtomicReference::get).tag("model", name)
                    .description("Alert threshold of the model in service").register(registry);
            return ref;
        }).set(c.threshold().value());
    }

    public void modelRejected() {
        modelRejected.increment();
    }

    /** Records scored so far (cheap: no registry lookup). */
    public long scoredCount() {
        return (long) scored.count();
    }

    /** recon_stream_thread_failures_total: a stream thread died (it is replaced, up to the configured bound). */
    public void streamThreadFailed() {
        threadFailures.increment();
    }

    /** A gauge's value (NaN when there is none), for tests and the demo. */
    public double gauge(String name, String... tags) {
        io.micrometer.core.instrument.Gauge g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        if (c != null) {
            return c.count();
        }
        io.micrometer.core.instrument.FunctionCounter f = registry.find(name).tags(tags).functionCounter();
        return f == null ? 0 : f.count();
    }
}
