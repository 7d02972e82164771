package io.recon.streaming.topology;

import io.recon.schemas.contract.ModelContract;
import java.nio.charset.StandardCharsets;

/** Writes the scored-record and alert formats with one reused builder (hot path, no Jackson tree). */
final class JsonOut {
    private final StringBuilder sb = new StringBuilder(512);

    byte[] scored(String key, long timestamp, float score, double threshold, boolean anomaly, ModelContract c) {
        sb.setLength(0);
        sb.append("{\"key\":");
        string(key);
        sb.append(",\"timestamp\":").append(timestamp)
                .append(",\"score\":").append(score)
                .append(",\"threshold\":").append(threshold)
                .append(",\"is_anomaly\":").append(anomaly)
                .append(",\"model\":");
        string(c.modelName());
        sb.append(",\"model_version\":");
        string(c.modelVersion());
        sb.append('}');
        return bytes();
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
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
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
        return sb.toString().getBytes(StandardCharsets.UTF_8);
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
