package io.recon.streaming.pipeline;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.recon.schemas.contract.ModelContract;
import java.nio.charset.StandardCharsets;

/** Writes the scored-record and alert formats with one reused builder (hot path, no Jackson tree). */
public final class JsonOut {
    private final JsonBytes sb = new JsonBytes();
    private ModelContract cachedFor;
    private byte[] thresholdPart;
    private byte[] modelPart;

    public byte[] scored(String key, long timestamp, float score, double threshold, boolean anomaly, ModelContract c) {
        writeV1(key, timestamp, score, threshold, anomaly, c);
        return bytes();
    }

    /** Format 1's fields into the builder, closing brace included. */
    private void writeV1(String key, long timestamp, float score, double threshold, boolean anomaly, ModelContract c) {
        if (c != cachedFor || thresholdPart == null) {
            // what is the same for every record of a model version, encoded once
            cachedFor = c;
            sb.setLength(0);
            sb.append(",\"threshold\":").append(NumberOutput.toString(threshold, true)).append(",\"is_anomaly\":");
            thresholdPart = sb.toArray();
            sb.setLength(0);
            sb.append(",\"model\":");
            string(c.modelName());
            sb.append(",\"model_version\":");
            string(c.modelVersion());
            sb.append('}');
            modelPart = sb.toArray();
        }
        sb.setLength(0);
        sb.append("{\"key\":");
        string(key);
        sb.append(",\"timestamp\":").appendLong(timestamp)
                .append(",\"score\":").append(NumberOutput.toString(score, true))
                .appendBytes(threshold == c.threshold().value() ? thresholdPart : thresholdBytes(threshold))
                .append(anomaly)
                .appendBytes(modelPart);
    }

    /**
     * Scored-record format 2: format 1's fields, then the key's calibrated tail probability, the tail limit its
     * alert budget allows (null while the key warms up and the model's threshold decides) and whether the record
     * counts as anomalous for alerting (budget and persistence).
     */
    public byte[] scored(String key, long timestamp, float score, double threshold, boolean anomaly, ModelContract c,
            double calibrated, double limit, boolean alerting) {
        writeV1(key, timestamp, score, threshold, anomaly, c);
        sb.setLength(sb.length() - 1); // drop format 1's closing brace
        sb.append(",\"calibrated\":").appendProbability(calibrated).append(",\"tail_limit\":");
        if (Double.isNaN(limit)) {
            sb.append("null");
        } else {
            sb.appendProbability(limit);
        }
        sb.append(",\"alerting\":").append(alerting).append(",\"format\":2}");
        return bytes();
    }

    private static byte[] thresholdBytes(double threshold) {
        return (",\"threshold\":" + NumberOutput.toString(threshold, true) + ",\"is_anomaly\":").getBytes(StandardCharsets.UTF_8);
    }

    byte[] alert(String key, long timestamp, boolean firing, float score, double threshold, ModelContract c,
            int[] top, float[] errors, int errorOffset) {
        sb.setLength(0);
        sb.append("{\"key\":");
        string(key);
        sb.append(",\"timestamp\":").append(timestamp)
                .append(",\"status\":\"").append(firing ? "firing" : "resolved")
                .append("\",\"score\":").append(score)
                .append(",\"threshold\":").append(threshold)
                .append(",\"model\":");
        string(c.modelName());
        sb.append(",\"model_version\":");
        string(c.modelVersion());
        sb.append(",\"top_features\":[");
        for (int i = 0; i < top.length && top[i] >= 0; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"feature\":");
            string(c.features().get(top[i]));
            sb.append(",\"error\":").append(errors[errorOffset + top[i]]).append('}');
        }
        sb.append("]}");
        return bytes();
    }

    private void string(String s) {
        sb.append('"');
        if (sb.asciiNoEscapes(s)) {
            sb.append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(ch) && i + 1 < s.length()) {
                        sb.append(s.substring(i, i + 2));
                        i++;
                    } else if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    private byte[] bytes() {
        return sb.toArray();
    }

    /** Indices of the k largest of {@code values[offset .. offset+n)}, largest first; -1 pads. */
    static void topK(float[] values, int offset, int n, int[] out) {
        java.util.Arrays.fill(out, -1);
        for (int f = 0; f < n; f++) {
            float v = values[offset + f];
            for (int j = 0; j < out.length; j++) {
                if (out[j] < 0 || v > values[offset + out[j]]) {
                    System.arraycopy(out, j, out, j + 1, out.length - j - 1);
                    out[j] = f;
                    break;
                }
            }
        }
    }
}
