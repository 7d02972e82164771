package io.recon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.schemas.Json;
import io.recon.streaming.config.ConfigLoader;
import io.recon.streaming.config.ServeConfig;
import io.recon.streaming.feedback.Feedback;
import io.recon.streaming.feedback.FeedbackLog;
import io.recon.streaming.maintenance.MaintenanceWindow;
import io.recon.streaming.metrics.ReconMetrics;
import io.recon.streaming.pipeline.ScoredBatch;
import io.recon.streaming.pipeline.ScoringPipeline;
import io.recon.streaming.scoring.ModelRegistry;
import io.recon.streaming.scoring.OnnxModel;
import io.recon.streaming.scoring.ScorerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code recon bench alerts}: what an on-call person would get from Recon with a model trained by {@code recon
 * train} on a normal CSV and the serving defaults. The stream ({@link AlertStream}) goes through the serving
 * code ({@link ScoringPipeline}, configured exactly as {@code recon serve} would be, without Kafka) and every
 * firing alert is judged: true when it fires for a key during one of its incidents (or up to {@code grace}
 * after), false otherwise. Reports false alerts per key per day, precision, recall per kind and detection delay.
 */
public final class AlertBenchmark {
    /** Options of a run. */
    public record Options(int keys, int trainDays, int quietDays, int incidentDays, long seed, int graceMinutes) {
        public Options {
            if (keys < 1 || trainDays < 1 || quietDays < 0 || incidentDays < 1 || graceMinutes < 0) {
                throw new IllegalArgumentException("keys, train days and incident days must be >= 1");
            }
        }
    }

    private record Alert(String key, long time) {}

    private final Options o;
    private final AlertStream stream;

    public AlertBenchmark(Options o) {
        this.o = o;
        this.stream = new AlertStream(o.keys(), o.trainDays(), o.quietDays(), o.incidentDays(), o.seed());
    }

    /** Writes the normal CSV to train on (timestamp, host, m0..m3), for {@code recon train --drop-columns host}. */
    public Path writeTrainingCsv(Path dir) throws IOException {
        return stream.writeTrainingCsv(dir.resolve("normal.csv"));
    }

    public int streamRecords() {
        return stream.stream.size();
    }

    /**
     * Streams the records after the training days through the serving pipeline with {@code recon serve}'s
     * defaults overridden by {@code settings} ({@code recon.*} keys) and judges the alerts.
     */
    public Map<String, Object> evaluate(Path model, Map<String, String> settings) throws Exception {
        return evaluate(model, settings, false);
    }

    /**
     * As above; with {@code feedback} an operator marks every alert of the quiet days (all false) as a false positive
     * as soon as it fires ({@code recon feedback}: the verdict joins the scorer's feedback log with the alert's score),
     * and the figures after the quiet days show what that changed.
     */
    public Map<String, Object> evaluate(Path model, Map<String, String> settings, boolean feedback) throws Exception {
        Map<String, String> flags = new HashMap<>(settings);
        flags.put("recon.bootstrap", "not-used:9092");
        flags.put("recon.model.dir", model.toString());
        ServeConfig config = ConfigLoader.load(flags, Map.of(), null);
        List<Alert> alerts = new ArrayList<>();
        ModelRegistry registry = new ModelRegistry();
        registry.add(OnnxModel.load(model, ScorerOptions.defaults()));
        long quietEnd = stream.incidentFrom();
        try (ScoringPipeline<Void> p = new ScoringPipeline<>(config.pipeline(), registry, new ReconMetrics(), Runnable::run,
                System::nanoTime, b -> collect(b, alerts, feedback ? config.feedback() : null, quietEnd))) {
            long offset = 0;
            for (AlertStream.Row row : stream.stream) {
                p.add(null, AlertStream.json(row), row.time(), "bench.alerts", 0, offset++, null);
            }
            p.flush();
        } finally {
            registry.closeAll();
        }
        return judge(alerts);
    }

    /**
     * A planned change: on the third quiet day at 02:30 the first metric of host-0 and host-1 moves up 2 (about 20
     * noise sd) and stays there. Streamed twice: without a maintenance window (what that change pages) and inside a
     * window for {@code host-[01]} from 02:00 to 04:00 ({@code recon maintenance add}). Reports the alerts of the two
     * hosts in the window and after it (all false: the quiet days have no incident) and the run's recall.
     */
    public Map<String, Object> evaluateMaintenance(Path model, boolean window) throws Exception {
        long from = dayStart(stream.trainDays + 2) + 120 * AlertStream.MINUTE;
        long to = from + 120 * AlertStream.MINUTE;
        long change = from + 30 * AlertStream.MINUTE;
        long quietEnd = stream.incidentFrom();
        Map<String, String> flags = new HashMap<>();
        flags.put("recon.bootstrap", "not-used:9092");
        flags.put("recon.model.dir", model.toString());
        ServeConfig config = ConfigLoader.load(flags, Map.of(), null);
        if (window) {
            config.maintenance().set(List.of(new MaintenanceWindow("bench", "host-[01]", from, to, "planned change", from)));
        }
        List<Alert> alerts = new ArrayList<>();
        ModelRegistry registry = new ModelRegistry();
        registry.add(OnnxModel.load(model, ScorerOptions.defaults()));
        try (ScoringPipeline<Void> p = new ScoringPipeline<>(config.pipeline(), registry, new ReconMetrics(), Runnable::run,
                System::nanoTime, b -> collect(b, alerts, null, quietEnd))) {
            long offset = 0;
            for (AlertStream.Row row : stream.stream) {
                AlertStream.Row r = row;
                if (row.time() >= change && (row.key().equals("host-0") || row.key().equals("host-1"))) {
                    float[] v = row.values().clone();
                    v[0] += 2f;
                    r = new AlertStream.Row(row.key(), row.time(), v);
                }
                p.add(null, AlertStream.json(r), r.time(), "bench.alerts", 0, offset++, null);
            }
            p.flush();
        } finally {
            registry.closeAll();
        }
        Map<String, Object> out = judge(alerts);
        java.util.function.Predicate<Alert> changed = a -> a.key().equals("host-0") || a.key().equals("host-1");
        out.put("changed_hosts_alerts_in_window", alerts.stream().filter(changed).filter(a -> a.time() >= from
                && a.time() < to).count());
        out.put("changed_hosts_alerts_after_window_quiet_days", alerts.stream().filter(changed).filter(a -> a.time() >= to
                && a.time() < quietEnd).count());
        return out;
    }

    private static long dayStart(int day) {
        return AlertStream.T0 + day * 1440L * AlertStream.MINUTE;
    }

    private static void collect(ScoredBatch<?> b, List<Alert> alerts, FeedbackLog verdicts, long quietEnd) {
        for (int i = 0; i < b.size(); i++) {
            byte[] alert = b.alert(i) != null ? b.alert(i) : b.seriesAlert(i);
            if (alert == null) {
                continue;
            }
            try {
                JsonNode a = Json.mapper().readTree(alert);
                if ("firing".equals(a.get("status").asText())) {
                    long t = a.get("timestamp").asLong();
                    alerts.add(new Alert(a.get("key").asText(), t));
                    if (verdicts != null && t < quietEnd && a.has("score")) { // the operator: "that was nothing"
                        verdicts.add(new Feedback(a.get("key").asText(), "", Feedback.Verdict.FALSE_POSITIVE, t, t, "bench",
                                t, new double[] {a.get("score").asDouble() / a.get("threshold").asDouble()}));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("unreadable alert", e);
            }
        }
    }

    private Map<String, Object> judge(List<Alert> alerts) {
        long grace = o.graceMinutes() * AlertStream.MINUTE;
        int falseAlerts = 0;
        int trueAlerts = 0;
        for (Alert a : alerts) {
            boolean during = stream.incidents.stream().anyMatch(in -> in.key().equals(a.key()) && a.time() >= in.start()
                    && a.time() <= in.end() + grace);
            if (during) {
                trueAlerts++;
            } else {
                falseAlerts++;
            }
        }
        Map<String, int[]> byKind = new LinkedHashMap<>();
        double delaySum = 0;
        int found = 0;
        for (AlertStream.Incident in : stream.incidents) {
            long first = alerts.stream().filter(a -> a.key().equals(in.key()) && a.time() >= in.start()
                    && a.time() <= in.end() + grace).mapToLong(Alert::time).min().orElse(-1);
            int[] c = byKind.computeIfAbsent(in.kind(), k -> new int[2]);
            c[1]++;
            if (first >= 0) {
                c[0]++;
                found++;
                delaySum += (first - in.start()) / (double) AlertStream.MINUTE;
            }
        }
        double keyDays = o.keys() * (double) (o.quietDays() + o.incidentDays());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("firing_alerts", alerts.size());
        r.put("false_alerts", falseAlerts);
        r.put("false_alerts_per_key_per_day", round(falseAlerts / keyDays));
        long quietEnd = stream.incidentFrom();
        long falseAfter = alerts.stream().filter(a -> a.time() >= quietEnd && stream.incidents.stream().noneMatch(in ->
                in.key().equals(a.key()) && a.time() >= in.start() && a.time() <= in.end() + grace)).count();
        r.put("false_alerts_per_key_per_day_after_quiet_days", round(falseAfter / (o.keys() * (double) o.incidentDays())));
        // a key's first 100 records (its warm-up, judged by the model's held-out scores) come first in the stream
        long warmEnd = AlertStream.T0 + o.trainDays() * AlertStream.DAY + 100 * AlertStream.MINUTE;
        r.put("false_alerts_warming", alerts.stream().filter(a -> a.time() < warmEnd && stream.incidents.stream()
                .noneMatch(in -> in.key().equals(a.key()) && a.time() >= in.start() && a.time() <= in.end() + grace))
                .count());
        r.put("precision", alerts.isEmpty() ? Double.NaN : round(trueAlerts / (double) alerts.size()));
        r.put("recall", round(found / (double) stream.incidents.size()));
        r.put("incidents", stream.incidents.size());
        r.put("mean_delay_minutes", found == 0 ? Double.NaN : round(delaySum / found));
        Map<String, Double> kinds = new LinkedHashMap<>();
        byKind.forEach((k, c) -> kinds.put(k, round(c[0] / (double) c[1])));
        r.put("recall_by_kind", kinds);
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * The worst of each figure over several runs (seeds): most alerts and false alerts, least precision and recall,
     * longest delay, and per incident kind its least recall, so that a kind any seed misses shows.
     */
    public static Map<String, Object> worst(List<Map<String, Object>> runs) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("firing_alerts", runs.stream().mapToInt(r -> ((Number) r.get("firing_alerts")).intValue()).max().orElse(0));
        w.put("false_alerts_warming", runs.stream().mapToLong(r -> ((Number) r.getOrDefault("false_alerts_warming", 0))
                .longValue()).max().orElse(0));
        w.put("false_alerts_warming_total", runs.stream().mapToLong(r -> ((Number) r.getOrDefault("false_alerts_warming", 0))
                .longValue()).sum());
        for (String most : List.of("false_alerts_per_key_per_day", "false_alerts_per_key_per_day_after_quiet_days",
                "mean_delay_minutes")) {
            w.put(most, runs.stream().mapToDouble(r -> ((Number) r.get(most)).doubleValue()).max().orElse(Double.NaN));
        }
        for (String least : List.of("precision", "recall")) {
            w.put(least, runs.stream().mapToDouble(r -> ((Number) r.get(least)).doubleValue()).min().orElse(Double.NaN));
        }
        Map<String, Double> byKind = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> kinds = (Map<String, Object>) r.get("recall_by_kind");
            kinds.forEach((kind, v) -> byKind.merge(kind, ((Number) v).doubleValue(), Math::min));
        }
        w.put("recall_by_kind", byKind);
        List<String> missed = byKind.entrySet().stream().filter(e -> e.getValue() < 1).map(Map.Entry::getKey).toList();
        w.put("kinds_missed_somewhere", missed);
        return w;
    }

    /** Prints one configuration's figures as table rows. */
    public static void print(PrintStream out, String name, Map<String, Object> r) {
        out.printf("%-28s %9s %12s %12s %9s %7s %11s   %s%n", name, r.get("firing_alerts"), r.get("false_alerts_per_key_per_day"),
                r.get("false_alerts_per_key_per_day_after_quiet_days"), r.get("precision"), r.get("recall"),
                r.get("mean_delay_minutes"), r.get("recall_by_kind"));
    }

    public static void header(PrintStream out) {
        out.printf("%-28s %9s %12s %12s %9s %7s %11s   %s%n", "settings", "alerts", "false/key/day", "after quiet",
                "precision", "recall", "delay (min)", "recall by kind");
    }
}
