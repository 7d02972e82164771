package io.recon.bench;

import io.recon.cli.UserException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench alerts --seeds: which seeds, and the worst of each figure over them. */
class AlertSeedsTest {
    @Test
    void seedsAreARangeOrAList() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), BenchCommand.alertSeeds("1-5"));
        assertEquals(List.of(1L, 3L, 7L, 8L), BenchCommand.alertSeeds("1,3,7-8"));
        assertThrows(UserException.class, () -> BenchCommand.alertSeeds("5-1"));
        assertThrows(UserException.class, () -> BenchCommand.alertSeeds("one"));
    }

    @Test
    void theWorstIsTakenFigureByFigureAndNamesTheKindsMissed() {
        Map<String, Object> a = run(20, 0.018, 0.05, 0.95, 1.0, 9.6, Map.of("spike", 1.0, "stuck_sensor", 1.0));
        Map<String, Object> b = run(24, 0.109, 0.0, 0.76, 0.95, 5.2, Map.of("spike", 1.0, "stuck_sensor", 0.8));
        Map<String, Object> w = AlertBenchmark.worst(List.of(a, b));
        assertEquals(24, w.get("firing_alerts"));
        assertEquals(0.109, w.get("false_alerts_per_key_per_day"));
        assertEquals(0.05, w.get("false_alerts_per_key_per_day_after_quiet_days"));
        assertEquals(0.76, w.get("precision"));
        assertEquals(0.95, w.get("recall"));
        assertEquals(9.6, w.get("mean_delay_minutes"));
        assertEquals(Map.of("spike", 1.0, "stuck_sensor", 0.8), w.get("recall_by_kind"));
        assertEquals(List.of("stuck_sensor"), w.get("kinds_missed_somewhere"));
    }

    private static Map<String, Object> run(int alerts, double falsePerDay, double after, double precision, double recall,
            double delay, Map<String, Double> kinds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("firing_alerts", alerts);
        r.put("false_alerts_per_key_per_day", falsePerDay);
        r.put("false_alerts_per_key_per_day_after_quiet_days", after);
        r.put("precision", precision);
        r.put("recall", recall);
        r.put("mean_delay_minutes", delay);
        r.put("recall_by_kind", new LinkedHashMap<>(kinds));
        return r;
    }
}
