package io.recon.streaming.assembly;

import io.recon.streaming.assembly.SampleBatch.Sample;
import io.recon.streaming.input.FeatureVector;
import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Samples of one batch the assembly could not use: the first reason and detail, and the samples for the dead letter. */
final class RejectedSamples {
    final DeadLetterReason reason;
    final String detail;
    private final List<Sample> samples = new ArrayList<>();

    RejectedSamples(DeadLetterReason reason, String detail) {
        this.reason = reason;
        this.detail = detail;
    }

    void add(Sample s) {
        samples.add(s);
    }

    int count() {
        return samples.size();
    }

    /** The dead letter's value: {@code {"entity":...,"samples":[{"series":...,"timestamp":...,"value":...}]}}. */
    byte[] json(String entity) {
        StringBuilder sb = new StringBuilder("{\"entity\":");
        FeatureVector.quote(entity, sb);
        sb.append(",\"samples\":[");
        for (int i = 0; i < samples.size(); i++) {
            Sample x = samples.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"series\":");
            FeatureVector.quote(x.series(), sb);
            sb.append(",\"timestamp\":").append(x.timeMs()).append(",\"value\":").append(x.value()).append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Series names for a detail: the first few. */
    static String list(List<String> names) {
        String s = names.size() <= 5 ? names.toString() : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
