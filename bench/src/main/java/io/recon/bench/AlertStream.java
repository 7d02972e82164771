package io.recon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The stream of {@code bench alerts}: several keys (hosts), each with four correlated metrics at one record a
 * minute, a daily pattern (phase and amplitude per key), a slow shared load factor and noise. The first
 * {@code trainDays} days are the normal CSV a user trains on; then {@code quietDays} days with no anomaly
 * at all (every alert there is false); then {@code incidentDays} days with incidents of four kinds per key at
 * random times: a spike (one metric +6 sd for 3 minutes), a level shift (+3 sd for 30 minutes), a broken
 * correlation (one metric follows its own noise for an hour) and a stuck sensor (one metric frozen for an
 * hour); and, placed after those (their own random draws, so the first four stay where they were) and apart from
 * them, a dropped series (one metric missing from the records for an hour, as when an agent's plugin dies) and a
 * seasonal shift (the daily cycle twelve hours off for three hours: every metric within its normal range and
 * correlations intact, only the time of day is wrong).
 */
final class AlertStream {
    static final int METRICS = 4;
    static final long MINUTE = 60_000L;
    static final long DAY = 1440 * MINUTE;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    /** One injected incident of a key, [start, end] in event time. */
    record Incident(String key, String kind, long start, long end) {}

    /** One record: key, event time, metrics. */
    record Row(String key, long time, float[] values) {}

    final int keys;
    final int trainDays;
    final int quietDays;
    final int incidentDays;
    final List<Row> train = new ArrayList<>();
    final List<Row> stream = new ArrayList<>();
    final List<Incident> incidents = new ArrayList<>();

    /** Event time where the incident days begin (the quiet days end). */
    long incidentFrom() {
        return T0 + (trainDays + (long) quietDays) * 1440 * MINUTE;
    }

    AlertStream(int keys, int trainDays, int quietDays, int incidentDays, long seed) {
        this.keys = keys;
        this.trainDays = trainDays;
        this.quietDays = quietDays;
        this.incidentDays = incidentDays;
        Random r = new Random(seed);
        int minutes = (trainDays + quietDays + incidentDays) * 1440;
        int incidentFrom = (trainDays + quietDays) * 1440;
        float[][][] series = new float[keys][][];
        Random more = new Random(seed * 31 + 7);
        for (int k = 0; k < keys; k++) {
            series[k] = normal(r, minutes, k);
            inject(r, "host-" + k, series[k], incidentFrom, minutes);
        }
        for (int k = 0; k < keys; k++) {
            injectMore(more, "host-" + k, k, series[k], incidentFrom, minutes);
        }
        for (int m = 0; m < minutes; m++) {
            for (int k = 0; k < keys; k++) {
                Row row = new Row("host-" + k, T0 + m * MINUTE, series[k][m]);
                (m < trainDays * 1440 ? train : stream).add(row);
            }
        }
    }

    private static final double[] WEIGHTS = {1.0, 0.8, -0.6, 0.5};

    private static double daily(int key, int minute) {
        return (1.0 + 0.2 * key) * Math.sin(2 * Math.PI * minute / 1440.0 + 2 * Math.PI * key / 7.0);
    }

    /** Four metrics: a daily cycle, a slow load factor shared by the metrics, and noise; correlated by construction. */
    private static float[][] normal(Random r, int minutes, int key) {
        double[] weights = WEIGHTS;
        double load = 0;
        float[][] out = new float[minutes][METRICS];
        for (int m = 0; m < minutes; m++) {
            double daily = daily(key, m);
            load = 0.995 * load + 0.1 * r.nextGaussian();
            for (int j = 0; j < METRICS; j++) {
                out[m][j] = (float) (10 + weights[j] * daily + (j % 2 == 0 ? 0.5 : -0.3) * load + 0.1 * r.nextGaussian());
            }
        }
        return out;
    }

    private void inject(Random r, String key, float[][] x, int from, int to) {
        String[] kinds = {"spike", "level_shift", "correlation_break", "stuck_sensor"};
        int span = (to - from) / kinds.length;
        for (int i = 0; i < kinds.length; i++) {
            int length = switch (kinds[i]) {
                case "spike" -> 3;
                case "level_shift" -> 30;
                default -> 60;
            };
            int start = from + i * span + 60 + r.nextInt(Math.max(1, span - length - 120));
            int metric = r.nextInt(METRICS);
            float frozen = x[start][metric];
            for (int m = start; m < start + length; m++) {
                switch (kinds[i]) {
                    case "spike" -> x[m][metric] += 6f;
                    case "level_shift" -> x[m][metric] += 3f;
                    case "correlation_break" -> x[m][metric] = (float) (10 + 1.2 * r.nextGaussian());
                    default -> x[m][metric] = frozen;
                }
            }
            incidents.add(new Incident(key, kinds[i], T0 + start * MINUTE, T0 + (start + length - 1) * MINUTE));
        }
    }

    /** A dropped series and a seasonal shift per key, each at least two hours from the key's other incidents. */
    private void injectMore(Random r, String key, int k, float[][] x, int from, int to) {
        for (String kind : new String[] {"dropped_series", "seasonal_shift"}) {
            int length = kind.equals("dropped_series") ? 60 : 180;
            int start = -1;
            for (int attempt = 0; attempt < 1000 && start < 0; attempt++) {
                int s = from + 60 + r.nextInt(Math.max(1, to - from - length - 120));
                long a = T0 + s * MINUTE;
                long b = T0 + (s + length - 1) * MINUTE;
                boolean apart = incidents.stream().noneMatch(in -> in.key().equals(key)
                        && a <= in.end() + 120 * MINUTE && b >= in.start() - 120 * MINUTE);
                start = apart ? s : -1;
            }
            if (start < 0) {
                continue; // no room (very few incident days): the kind is left out for this key
            }
            int metric = r.nextInt(METRICS);
            for (int m = start; m < start + length; m++) {
                if (kind.equals("dropped_series")) {
                    x[m][metric] = Float.NaN; // not in the record
                } else {
                    double shift = daily(k, m + 720) - daily(k, m);
                    for (int j = 0; j < METRICS; j++) {
                        x[m][j] += (float) (WEIGHTS[j] * shift);
                    }
                }
            }
            incidents.add(new Incident(key, kind, T0 + start * MINUTE, T0 + (start + length - 1) * MINUTE));
        }
    }

    /** The normal training CSV a user would train on: timestamp, host (dropped when training), metrics. */
    Path writeTrainingCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>(train.size() + 1);
        StringBuilder h = new StringBuilder("timestamp,host");
        for (int j = 0; j < METRICS; j++) {
            h.append(",m").append(j);
        }
        lines.add(h.toString());
        for (Row row : train) {
            StringBuilder sb = new StringBuilder().append(row.time()).append(',').append(row.key());
            for (float v : row.values()) {
                sb.append(',').append(String.format(Locale.ROOT, "%.5f", v));
            }
            lines.add(sb.toString());
        }
        return Files.write(file, lines);
    }

    static byte[] json(Row row) {
        StringBuilder sb = new StringBuilder(128).append("{\"key\":\"").append(row.key()).append("\",\"timestamp\":")
                .append(row.time()).append(",\"fields\":{");
        boolean any = false;
        for (int j = 0; j < row.values().length; j++) {
            if (Float.isNaN(row.values()[j])) {
                continue; // a dropped series: the metric is not in the record
            }
            sb.append(any ? "," : "").append("\"m").append(j).append("\":").append(row.values()[j]);
            any = true;
        }
        return sb.append("}}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
