package io.recon.streaming;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.recon.streaming.broker.KafkaReach;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.delivery.AlertDelivery;
import io.recon.streaming.feedback.FeedbackFollower;
import io.recon.streaming.maintenance.MaintenanceFollower;
import io.recon.streaming.config.StreamsConfigFactory;
import io.recon.streaming.lifecycle.ModelDirectoryWatcher;
import io.recon.streaming.lifecycle.ModelSwapper;
import io.recon.streaming.lifecycle.ModelTopicListener;
import io.recon.streaming.metrics.HttpEndpoints;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.registry.SchemaRegistry;
import io.recon.streaming.scoring.ModelHolder;
import io.recon.streaming.scoring.ModelLoadException;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import io.recon.streaming.topology.InputProgress;
import io.recon.streaming.topology.ScoringTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scorer: model, Kafka Streams, metrics and HTTP endpoints. {@link #start} fails fast
 * with a clear message when the model cannot be served; once running, bad records go to the
 * dead-letter topic and a failing stream thread is replaced rather than taking the service down.
 */
public final class ReconService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconService.class);

    private final ServeConfig config;
    private final ModelRegistry models;
    private final ReconMetrics metrics;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final HttpEndpoints http;
    private final List<AutoCloseable> lifecycle;
    private final ExecutorService scoring;
    private final CompletableFuture<String> failure;
    private boolean closed;

    private ReconService(ServeConfig config, ModelRegistry models, ReconMetrics metrics, KafkaStreams streams,
            KafkaStreamsMetrics streamsMetrics, HttpEndpoints http, List<AutoCloseable> lifecycle,
            ExecutorService scoring, CompletableFuture<String> failure) {
        this.failure = failure;
        this.lifecycle = lifecycle;
        this.scoring = scoring;
        this.config = config;
        this.models = models;
        this.metrics = metrics;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.http = http;
    }

    public static ReconService start(ServeConfig config) throws ModelLoadException, IOException {
        ReconMetrics metrics = new ReconMetrics();
        ScorerOptions options = new ScorerOptions(1, config.cuda(), 0);
        ModelRegistry models = new ModelRegistry();
        List<Path> dirs = new ArrayList<>();
        if (config.modelDir() != null) {
            dirs.add(config.modelDir());
        }
        dirs.addAll(config.extraModelDirs());
        for (Path dir : dirs) {
            OnnxModel model;
            try {
                model = OnnxModel.load(dir, options);
                if (models.holder(model.contract().modelName()) != null) {
                    model.close();
                    throw new ModelLoadException(dir + ": a model named " + model.contract().modelName()
                            + " is already served; model names must differ");
                }
            } catch (ModelLoadException e) {
                metrics.modelRejected();
                models.closeAll();
                throw e;
            }
            models.add(model);
            metrics.modelLoaded(model.contract());
            LOG.info("model {} version {} ({}, input {} {}, threshold {}) scoring on {}", model.contract().modelName(),
                    model.contract().modelVersion(), model.contract().kind(), model.contract().inputShape().layout().id(),
                    model.contract().inputShape().dims(), model.contract().threshold().value(), model.provider());
        }
        ModelSwapper swapper = new ModelSwapper(models, metrics, options);
        // one scoring thread per stream thread: parsing, inference and output formatting of the batches
        AtomicInteger scoringThreads = new AtomicInteger();
        ExecutorService scoring = Executors.newFixedThreadPool(config.streamThreads(), r -> {
            Thread t = new Thread(r, "recon-scoring-" + scoringThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<AutoCloseable> lifecycle = new ArrayList<>();
        HttpEndpoints http = null;
        KafkaStreams streams = null;
        try {
            KafkaReach.check(config.bootstrap(), config.kafka(), config.bootstrapTimeout());
            if (config.createTopics()) {
                Topics.ensure(config);
            }
            for (Path dir : dirs) {
                lifecycle.add(new ModelDirectoryWatcher(dir, swapper, config.modelPollMs()));
            }
            if (!config.modelTopic().isEmpty()) {
                lifecycle.add(new ModelTopicListener(config.bootstrap(), config.kafka(), config.modelTopic(), swapper));
                awaitFirstModel(models, config.modelTopic());
            }
            lifecycle.add(swapper);
            if (!config.maintenanceTopic().isEmpty()) {
                MaintenanceFollower follower = new MaintenanceFollower(config.bootstrap(), config.kafka(),
                        config.maintenanceTopic(), config.maintenance());
                lifecycle.add(follower);
                try {
                    if (!follower.awaitLoaded(Duration.ofSeconds(15))) { // no record judged before the windows are known
                        LOG.warn("maintenance windows on {} not read within 15 s; going on", config.maintenanceTopic());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading maintenance windows", e);
                }
            }
            if (!config.feedbackTopic().isEmpty()) {
                lifecycle.add(new FeedbackFollower(config.bootstrap(), config.kafka(), config.feedbackTopic(),
                        config.alertsTopic(), config.feedback(), metrics.registry()));
            }
            ServeConfig served = config.withModelInput(models.holder(models.primary()).get().contract().input());
            if (served != config) {
                LOG.info("reading {} as {}{}, as model {} was trained (its contract's input; a setting given here wins)",
                        served.inputTopics(), served.inputFormats().values(), served.shipperTopics().isEmpty() ? ""
                                : " with steps of " + served.assembly().stepMs() + " ms", models.primary());
            }
            served.fleet().partitions(Topics.inputPartitions(served));
            InputProgress progress = InputProgress.NONE;
            SchemaRegistry schemas = served.schemaRegistry();
            if (schemas != null) {
                lifecycle.add(0, schemas); // closed first: a stream thread waiting for the registry stops waiting
                metrics.schemaRegistry(schemas);
            }
            List<String> shipperTopics = served.shipperTopics();
            if (!shipperTopics.isEmpty()) {
                InputOffsets offsets = new InputOffsets(served, shipperTopics);
                lifecycle.add(offsets);
                progress = offsets;
            }
            streams = new KafkaStreams(ScoringTopology.build(served, models, metrics, scoring, progress),
                    StreamsConfigFactory.build(config));
            ThreadReplacements replacements = new ThreadReplacements(config.threadReplacements(), System::nanoTime);
            CompletableFuture<String> failure = new CompletableFuture<>();
            streams.setUncaughtExceptionHandler(e -> {
                metrics.streamThreadFailed();
                if (replacements.allowReplacement()) {
                    LOG.error("stream thread failed, replacing it: {}", e.toString(), e);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
                }
                String why = "stream threads failed more than " + config.threadReplacements() + " times within "
                        + ThreadReplacements.WINDOW.toMinutes() + " minutes (last: " + ThreadReplacements.describe(e) + "); stopping";
                LOG.error(why, e);
                failure.complete(why);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(metrics.registry());
            KafkaStreams s = streams;
            AlertDelivery delivery = null;
            if (config.alertmanager().on()) {
                delivery = new AlertDelivery(config.bootstrap(), config.kafka(), config.alertsTopic(),
                        config.applicationId() + "-alert-delivery", config.alertmanager(), metrics.registry()).start();
                lifecycle.add(delivery);
            }
            AlertDelivery d = delivery;
            http = new HttpEndpoints(config.metricsHost(), config.metricsPort(), metrics::scrape,
                    () -> !failure.isDone() && (s.state().isRunningOrRebalancing() || s.state() == KafkaStreams.State.CREATED),
                    () -> s.state() == KafkaStreams.State.RUNNING && !models.isEmpty(), () -> health(d, schemas));
            streams.start();
            LOG.info("consuming {} -> {}, {}, {} ({}, batches of up to {} or {} ms); metrics on http://{}:{}/metrics",
                    config.inputTopics(), config.scoresTopic(), config.alertsTopic(), config.dlqTopic(),
                    config.processingGuarantee(), config.batchSize(), config.batchWaitMs(), config.metricsHost(), http.port());
            return new ReconService(config, models, metrics, streams, streamsMetrics, http, lifecycle, scoring, failure);
        } catch (RuntimeException | IOException | ModelLoadException e) {
            if (streams != null) {
                streams.close(Duration.ofSeconds(5));
            }
            scoring.shutdownNow();
            if (http != null) {
                http.close();
            }
            lifecycle.forEach(ReconService::closeQuietly);
            swapper.close();
            models.closeAll();
            throw e;
        }
    }

    private static void awaitFirstModel(ModelRegistry models, String topic) throws ModelLoadException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (models.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ModelLoadException("no valid model arrived on topic " + topic + " within 2 minutes; publish one with "
                        + "`recon publish DIR --bootstrap ...`");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelLoadException("interrupted while waiting for a model on " + topic);
            }
        }
    }

    /** Further lines of {@code /health}: alert delivery's state and a registry that cannot be reached. */
    private static String health(AlertDelivery delivery, SchemaRegistry schemas) {
        String a = delivery == null ? "" : delivery.status();
        String r = schemas == null ? "" : schemas.status();
        return a.isEmpty() ? r : r.isEmpty() ? a : a + "\n" + r;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }

    public ReconMetrics metrics() {
        return metrics;
    }

    /** The primary model's holder (the first model loaded). */
    public ModelHolder models() {
        return models.holder(models.primary());
    }

    public ModelRegistry registry() {
        return models;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public int metricsPort() {
        return http.port();
    }

    /** Waits until the streams instance is RUNNING; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Completes, with the reason, when the service has given up (stream threads failing past their bound). */
    public CompletableFuture<String> failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lifecycle.forEach(ReconService::closeQuietly);
        streams.close(Duration.ofSeconds(30)); // each task flushes its pipeline, then waits for its batches in flight
        scoring.shutdown();
        try {
            if (!scoring.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("scoring threads still busy after 30 s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streamsMetrics.close();
        http.close();
        models.closeAll(); // each model closes when its last batch (none by now) lets go
    }
}
