package io.recon.streaming.assembly;

import io.recon.streaming.assembly.SampleBatch.Sample;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.input.Rejection;
import io.recon.streaming.metrics.DeadLetterReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Turns samples of series into one vector per entity and step, in plain Java (no Kafka here; one instance per
 * stream task, driven by one thread).
 *
 * <ul>
 *   <li>Each entity's steps lie on its own grid, set half a step before its first sample, so that samples taken
 *       together (one scrape, one collection) fall in the middle of a step rather than astride a boundary.
 *   <li>A step holds the latest sample of each series. It closes when a sample of the entity arrives past its end
 *       and the step has every live series of the entity, else when one arrives {@code grace} past its end (or, for
 *       an entity gone silent, when the task's stream time is its grace and live span past it); a sample for a
 *       closed step is a dead letter ({@code late}). Vectors of one entity come out in time order.
 *   <li>Closing a step makes one vector, timed at its latest sample, of every series' value: a counter's rate per
 *       second since its previous reading (a reset counts from zero), a gauge's value, and for live series without
 *       a sample in the step their last value (carry; or the whole step is {@code incomplete} with carrying off).
 *       Series with the same feature are summed. A step in which some counter has no rate yet (its first reading)
 *       is held back as warming. Series without a sample for {@code carrySteps} steps are forgotten.
 * </ul>
 *
 * Changed entities are reported by {@link #drainChanged} for the changelogged store; {@link #restore} loads them back.
 */
public final class Assembler {
    /** Where the assembly's results go. */
    public interface Output {
        void vector(FeatureVector v);

        /** Samples (as JSON) that could not be used, with why. */
        void deadLetter(String entity, Rejection why, byte[] samples);

        /** A step held back: some counter in it has no rate yet. */
        default void warming(String entity) {}

        /** Values carried into a step for series without a sample in it. */
        default void filled(int n) {}
    }

    private final AssemblyConfig config;
    private final LongSupplier wallClock;
    private final Predicate<String> counterFeature;
    private final Map<String, EntityState> entities = new HashMap<>();
    /** Entities changed since the last drain; a null state means removed. */
    private final Map<String, EntityState> changed = new LinkedHashMap<>();
    private long streamTime = Long.MIN_VALUE;
    private long idleCheckedAt = Long.MIN_VALUE;
    /** Open steps an entity may have; the oldest closes when there are more, due or not. */
    static final int MAX_OPEN_STEPS = 1024;
    /** Entities with a due step still in its hold. */
    private final Set<String> waiting = new LinkedHashSet<>();
    /**
     * Each input partition's progress ({@link Sources}): a step closes only once every active source has passed it,
     * so that the samples of a source that falls behind (a backlog read partition by partition, a decoding task
     * failing over to another instance) are waited for rather than found late.
     */
    private final Sources sources;
    private boolean sourcesChanged;

    public Assembler(AssemblyConfig config, LongSupplier wallClock) {
        this(config, wallClock, f -> false);
    }

    /**
     * @param counterFeature features to read as counters besides those the format marks: the {@code X} of the served
     *     models' {@code rate(X)} features (series that training found never to decrease)
     */
    public Assembler(AssemblyConfig config, LongSupplier wallClock, Predicate<String> counterFeature) {
        this.config = config;
        this.wallClock = wallClock;
        this.counterFeature = counterFeature;
        this.sources = new Sources(wallClock, config.sourceIdleMs());
    }

    public void restore(String entity, byte[] state) {
        if (entity.equals(Sources.KEY)) {
            sources.restore(state);
            return;
        }
        EntityState s = EntityState.read(state);
        entities.put(entity, s);
        if (!s.open.isEmpty()) {
            waiting.add(entity); // its due steps close on the next tick, whether or not more samples come
        }
    }

    public int entities() {
        return entities.size();
    }

    /** Takes one entity's samples from one input record of an unnamed source (one input, read in order). */
    public void accept(String entity, List<Sample> samples, Output out) {
        accept(entity, "", samples, out);
    }

    /**
     * Takes one entity's samples from one input record.
     *
     * @param source the input partition the record came from ({@code topic-partition})
     */
    public void accept(String entity, String source, List<Sample> samples, Output out) {
        if (sources.seen(source, samples)) {
            sourcesChanged = true;
        }
        EntityState s = entities.computeIfAbsent(entity, e -> new EntityState());
        long step = config.stepMs();
        long maxAhead = wallClock.getAsLong() + AssemblyConfig.MAX_AHEAD_MS;
        RejectedSamples rejected = null;
        for (Sample x : samples) {
            boolean counter = x.counter() || counterFeature.test(x.feature());
            DeadLetterReason why = null;
            String detail = null;
            if (x.timeMs() > maxAhead) {
                why = DeadLetterReason.BAD_TIMESTAMP;
                detail = "sample at " + Instant.ofEpochMilli(x.timeMs()) + " is more than an hour ahead of the clock";
            } else if (!s.series.containsKey(x.series()) && s.series.size() >= config.maxSeries()) {
                why = DeadLetterReason.TOO_MANY_SERIES;
                detail = "entity has " + s.series.size() + " series, recon.assembly.max.series=" + config.maxSeries();
            } else {
                if (!s.hasPhase) {
                    s.hasPhase = true;
                    s.phase = Math.floorMod(x.timeMs() - step / 2, step);
                }
                long start = stepOf(s, x.timeMs());
                if (start + step <= s.closedUntil) {
                    why = DeadLetterReason.LATE;
                    detail = "sample at " + Instant.ofEpochMilli(x.timeMs()) + " is for a step closed "
                            + (s.watermark - x.timeMs()) + " ms behind its entity's latest sample (grace "
                            + config.graceMs() + " ms)";
                } else {
                    if (!s.series.containsKey(x.series())) {
                        EntityState.Series st = new EntityState.Series(x.feature(), counter);
                        st.lastStep = start;
                        s.series.put(x.series(), st);
                    }
                    Map<String, EntityState.Pending> open = s.open.computeIfAbsent(start, k -> new HashMap<>());
                    EntityState.Pending p = open.get(x.series());
                    if (p == null) {
                        open.put(x.series(), new EntityState.Pending(x.feature(), counter, x.timeMs(), x.value()));
                    } else if (x.timeMs() >= p.timeMs) {
                        p.timeMs = x.timeMs();
                        p.value = x.value();
                    }
                    s.watermark = Math.max(s.watermark, x.timeMs());
                    streamTime = Math.max(streamTime, x.timeMs());
                }
            }
            if (why != null) {
                rejected = rejected == null ? new RejectedSamples(why, detail) : rejected;
                rejected.add(x);
            }
        }
        if (rejected != null) {
            out.deadLetter(entity, Rejection.of(rejected.reason, rejected.count() + " of " + samples.size()
                    + " samples: " + rejected.detail), rejected.json(entity));
        }
        closeDue(entity, s, Long.MIN_VALUE, out);
        while (s.open.size() > MAX_OPEN_STEPS) {
            // bounded: a source far behind (or a flood of old samples) cannot make an entity's open steps grow without end
            closeDue(entity, s, s.open.firstKey() + config.stepMs(), true, out);
        }
        changed.put(entity, s);
        if (streamTime >= idleCheckedAt + step) {
            idleCheckedAt = streamTime;
            closeIdle(out);
        }
    }

    /** The start of the step of entity {@code s} holding time {@code t}. */
    private long stepOf(EntityState s, long t) {
        return t - Math.floorMod(t - s.phase, config.stepMs());
    }

    /** Closes the open steps of entities whose latest sample is far behind the task's stream time. */
    private void closeIdle(Output out) {
        long until = Math.min(streamTime, sources.watermark()) - config.idleMs();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, EntityState> e : entities.entrySet()) {
            EntityState s = e.getValue();
            if (!s.open.isEmpty() && s.open.firstKey() + config.stepMs() <= until) {
                closeDue(e.getKey(), s, until, out);
                changed.put(e.getKey(), s);
            }
            if (s.open.isEmpty() && s.watermark < until - config.carrySteps() * config.stepMs()) {
                done.add(e.getKey()); // silent for longer than any of its series lives
            }
        }
        for (String entity : done) {
            entities.remove(entity);
            changed.put(entity, null);
        }
    }

    /**
     * Closes the entity's open steps, oldest first, while they are due: a step is due once the entity's latest
     * sample lies {@code grace} past its end, or already once it lies past its end when the step holds a sample of
     * every live series of the entity (nothing more is expected for it). {@code idleUntil} closes every step ending
     * by then whatever it holds (an entity gone silent).
     */
    private void closeDue(String entity, EntityState s, long idleUntil, Output out) {
        closeDue(entity, s, idleUntil, false, out);
    }

    /** As above; {@code force} closes due steps without their hold. */
    private void closeDue(String entity, EntityState s, long idleUntil, boolean force, Output out) {
        long step = config.stepMs();
        long now = config.holdMs() > 0 && !force ? wallClock.getAsLong() : 0;
        // every due step is marked first, so that a backlog's steps all wait out one hold together
        boolean held = false;
        for (Map.Entry<Long, Map<String, EntityState.Pending>> e : s.open.entrySet()) {
            long end = e.getKey() + step;
            boolean due = isDue(s, e.getKey(), e.getValue(), idleUntil);
            if (!due) {
                break;
            }
            if (now != 0) {
                long since = s.dueSince.computeIfAbsent(e.getKey(), k -> now);
                held |= now - since < config.holdMs();
            }
        }
        while (!s.open.isEmpty()) {
            long start = s.open.firstKey();
            Long since = s.dueSince.get(start);
            boolean ready = force || config.holdMs() == 0 ? isDue(s, start, idleUntil) : since != null
                    && now - since >= config.holdMs();
            if (!ready) {
                break;
            }
            Map<String, EntityState.Pending> samples = s.open.pollFirstEntry().getValue();
            s.dueSince.remove(start);
            s.closedUntil = Math.max(s.closedUntil, start + step);
            close(entity, s, start, samples, out);
        }
        if (held) {
            waiting.add(entity);
        }
    }

    private boolean isDue(EntityState s, long start, long idleUntil) {
        return isDue(s, start, s.open.get(start), idleUntil);
    }

    /**
     * Due: its entity's time (and every active source's) is past the step's end, by the grace unless the step holds
     * every live series; or the step ends by {@code idleUntil} (an entity gone silent; the end of a finite input).
     */
    private boolean isDue(EntityState s, long start, Map<String, EntityState.Pending> samples, long idleUntil) {
        long end = start + config.stepMs();
        if (end <= idleUntil) {
            return true;
        }
        long time = Math.min(s.watermark, sources.watermark());
        return end + config.graceMs() <= time || end <= time && complete(s, start, samples);
    }

    /**
     * A source (input partition) has nothing more for now (its decoding task is caught up): steps stop waiting for
     * it until it sends again, and those it held back close (after their hold).
     */
    public void sourceIdle(String source, Output out) {
        if (sources.idle(source)) {
            sourcesChanged = true;
            for (Map.Entry<String, EntityState> e : entities.entrySet()) {
                if (!e.getValue().open.isEmpty()) {
                    waiting.add(e.getKey());
                }
            }
            tick(out);
        }
    }

    /**
     * Closes the steps whose hold is over, and those a source's going idle made due (the processor calls this on a
     * wall-clock timer).
     */
    public void tick(Output out) {
        if (sources.expire()) {
            sourcesChanged = true;
            for (Map.Entry<String, EntityState> e : entities.entrySet()) {
                if (!e.getValue().open.isEmpty()) {
                    waiting.add(e.getKey());
                }
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        List<String> entitiesWaiting = new ArrayList<>(waiting);
        waiting.clear();
        for (String entity : entitiesWaiting) {
            EntityState s = entities.get(entity);
            if (s != null && !s.open.isEmpty()) {
                closeDue(entity, s, Long.MIN_VALUE, out);
                changed.put(entity, s);
            }
        }
    }

    /** True when the step holds a sample of every series of the entity that is still live at its start. */
    private boolean complete(EntityState s, long start, Map<String, EntityState.Pending> samples) {
        long live = (long) config.carrySteps() * config.stepMs();
        for (Map.Entry<String, EntityState.Series> e : s.series.entrySet()) {
            long last = e.getValue().lastStep;
            if (last <= start && start - last <= live && !samples.containsKey(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    private void close(String entity, EntityState s, long start, Map<String, EntityState.Pending> samples, Output out) {
        StepVector made = StepVector.of(entity, s, start, samples, config);
        if (made.warming()) {
            out.warming(entity);
        } else if (made.vector() == null) {
            return;
        } else if (!made.missing().isEmpty()) {
            out.deadLetter(entity, Rejection.of(DeadLetterReason.INCOMPLETE, made.missing().size() + " series without a "
                    + "sample in the step (recon.assembly.missing=skip): " + RejectedSamples.list(made.missing())),
                    made.vector().toJson());
        } else {
            out.filled(made.filled());
            out.vector(made.vector());
        }
    }


    /** Closes every open step of every entity (the end of a finite input: training from a topic or a file). */
    public void closeAll(Output out) {
        for (Map.Entry<String, EntityState> e : entities.entrySet()) {
            closeDue(e.getKey(), e.getValue(), Long.MAX_VALUE, true, out);
            changed.put(e.getKey(), e.getValue());
        }
    }

    /** The entities changed since the last call, with their states (null: removed), to store; then forgets them. */
    public Map<String, byte[]> drainChanged() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, EntityState> e : changed.entrySet()) {
            EntityState s = e.getValue();
            if (s != null && s.empty()) {
                entities.remove(e.getKey());
                out.put(e.getKey(), null);
            } else {
                out.put(e.getKey(), s == null ? null : s.write());
            }
        }
        changed.clear();
        if (sourcesChanged) {
            out.put(Sources.KEY, sources.write());
            sourcesChanged = false;
        }
        return out;
    }

    /** An output that drops everything (tests of the state). */
    final class NoOutput implements Output {
        @Override
        public void vector(FeatureVector v) {}

        @Override
        public void deadLetter(String entity, Rejection why, byte[] samples) {}
    }

    /** For tests: the open steps of an entity. */
    int openSteps(String entity) {
        EntityState s = entities.get(entity);
        return s == null ? 0 : s.open.size();
    }
}
