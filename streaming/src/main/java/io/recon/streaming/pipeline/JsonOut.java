package io.recon.streaming.pipeline;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.recon.schemas.contract.ModelContract;
import java.nio.charset.StandardCharsets;

/** Writes the scored-record and alert formats with one reused builder (hot path, no Jackson tree). */
public final class JsonOut {
    // the fixed parts of the scored-record formats, encoded once
    private static final byte[] KEY = ascii("{\"key\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] SCORE = ascii(",\"score\":");
    private static final byte[] CALIBRATED = ascii(",\"calibrated\":");
    private static final byte[] TAIL_LIMIT = ascii(",\"tail_limit\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] ALERTING = ascii(",\"alerting\":");
    private static final byte[] FORMAT_2 = ascii(",\"format\":2}");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

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
        sb.appendBytes(KEY);
        string(key);
        sb.appendBytes(TIMESTAMP).appendLong(timestamp)
                .appendBytes(SCORE).append(score)
                .appendBytes(threshold == c.threshold().value() ? thresholdPart : thresholdBytes(threshold))
                .append(anomaly)
                .appendBytes(modelPart);
    }

    /**
     * Scored-record format 2: format 1's fields, then the key's calibrated tail probability, the tail limit its
     * alert budget allows (null while the key warms up and the model's threshold decides; written by
     * {@link #probability} when it changes, every few records of a key) and whether the record counts as anomalous
     * for alerting (budget and persistence).
     */
    public byte[] scored(String key, long timestamp, float score, double threshold, boolean anomaly, ModelContract c,
            double calibrated, byte[] limitText, boolean alerting) {
        writeV1(key, timestamp, score, threshold, anomaly, c);
        sb.setLength(sb.length() - 1); // drop format 1's closing brace
        sb.appendBytes(CALIBRATED).appendProbability(calibrated).appendBytes(TAIL_LIMIT)
                .appendBytes(limitText == null ? NULL : limitText)
                .appendBytes(ALERTING).append(alerting).appendBytes(FORMAT_2);
        return bytes();
    }

    /** A probability as format 2 writes it (four significant digits). */
    public static byte[] probability(double p) {
        JsonBytes b = new JsonBytes(16);
        b.appendProbability(p);
        return b.toArray();
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
