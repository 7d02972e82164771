package io.recon.cli.demo;

import io.recon.testkit.ServerMetrics;
import java.util.List;
import java.util.Map;

/**
 * Scores the demo's alerts against the injected anomalies. A firing alert is a true positive when its
 * host had an anomaly active at the alert's (simulated) time, or within {@code graceTicks} after it;
 * an anomaly is detected when such an alert exists. The delay is wall-clock: from producing the
 * anomaly's first record to receiving the alert.
 */
final class DemoScore {
    /** A firing alert as received: host index, simulated tick, wall-clock receive time. */
    record Fired(int host, long tick, long receivedMillis) {}

    /** An anomalous period of one host (or entity), ticks inclusive. */
    record Window(int host, long start, long end) {
        static List<Window> of(List<ServerMetrics.Event> events) {
            return events.stream().map(e -> new Window(e.host(), e.start(), e.end())).toList();
        }
    }

    record Result(int alerts, int truePositives, int events, int detected, double meanDelaySeconds) {
        double precision() {
            return alerts == 0 ? 0 : truePositives / (double) alerts;
        }

        double recall() {
            return events == 0 ? 0 : detected / (double) events;
        }
    }

    private DemoScore() {}

    static Result score(List<Window> events, List<Fired> alerts, long graceTicks, long lastTick,
            Map<Long, Long> producedAtMillis) {
        int tp = 0;
        for (Fired a : alerts) {
            for (Window e : events) {
                if (e.host() == a.host() && a.tick() >= e.start() && a.tick() <= e.end() + graceTicks) {
                    tp++;
                    break;
                }
            }
        }
        int counted = 0;
        int detected = 0;
        double delay = 0;
        for (Window e : events) {
            if (e.start() > lastTick) {
                continue;
            }
            counted++;
            Fired first = null;
            for (Fired a : alerts) {
                if (e.host() == a.host() && a.tick() >= e.start() && a.tick() <= e.end() + graceTicks
                        && (first == null || a.tick() < first.tick())) {
                    first = a;
                }
            }
            if (first != null) {
                detected++;
                Long produced = producedAtMillis.get(e.start());
                if (produced != null) {
                    delay += Math.max(0, first.receivedMillis() - produced) / 1000.0;
                }
            }
        }
        return new Result(alerts.size(), tp, counted, detected, detected == 0 ? Double.NaN : delay / detected);
    }
}
