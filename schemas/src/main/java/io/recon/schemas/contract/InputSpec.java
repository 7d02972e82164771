package io.recon.schemas.contract;

import io.recon.schemas.Checks;
import java.util.List;

/**
 * How a model's training vectors were made from records of a shipper format (Telegraf, Prometheus, OTLP), so that
 * {@code recon serve} and {@code recon retrain} read the stream the same way unless told otherwise: a setting given
 * to them wins over the contract's. Absent for models trained on tables (CSV, JSON lines) or recon-json records.
 *
 * @param format the input format id ({@code telegraf-json}, {@code influx-line}, {@code prometheus-json},
 *     {@code otlp-json}, {@code otlp-proto})
 * @param entityLabels the labels whose values made each entity's key; empty for the format's own
 * @param featureLabels the labels kept in feature names; empty for all, {@code [none]} for none
 * @param counters {@code rate} (counters read as rates per second) or {@code raw}
 * @param stepMs the step of the assembly
 * @param missing {@code carry} or {@code skip}
 * @param carrySteps steps a series stays live without a sample
 */
public record InputSpec(String format, List<String> entityLabels, List<String> featureLabels, String counters, long stepMs,
        String missing, int carrySteps) {
    public InputSpec {
        Checks.nonBlank(format, "input.format");
        entityLabels = entityLabels == null ? List.of() : List.copyOf(entityLabels);
        featureLabels = featureLabels == null ? List.of() : List.copyOf(featureLabels);
        Checks.require("rate".equals(counters) || "raw".equals(counters), "input.counters must be rate or raw");
        Checks.require(stepMs >= 1, "input.step_ms must be positive");
        Checks.require("carry".equals(missing) || "skip".equals(missing), "input.missing must be carry or skip");
        Checks.require(carrySteps >= 0, "input.carry_steps must not be negative");
    }
}
