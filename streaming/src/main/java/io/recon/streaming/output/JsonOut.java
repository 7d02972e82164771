package io.recon.streaming.output;

import io.recon.schemas.contract.ModelContract;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes the scored-record and alert formats with one reused builder (hot path, no Jackson tree). */
public final class JsonOut {
    // the fixed parts of the scored-record formats, encoded once
    private static final byte[] KEY = ascii("{\"key\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] SCORE = ascii(",\"score\":");
    private static final byte[] CALIBRATED = ascii(",\"calibrated\":");
    private static final byte[] TAIL_PROBABILITY = ascii(",\"tail_probability\":");
    private static final byte[] TAIL_LIMIT = ascii(",\"tail_limit\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] WARMING_UP = ascii(",\"warming_up\":");
    private static final byte[] ALERTING = ascii(",\"alerting\":");
    private static final byte[] FORMAT_3 = ascii(",\"format\":3}");

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
            // the threshold's exact value (is_anomaly is score > threshold), in the same notation as the floats
            sb.append(",\"threshold\":").append(threshold).append(",\"is_anomaly\":");
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
     * Scored-record format 3: format 1's fields, then the key's tail probability (how rare a score this high is in the
     * key's own normal history: 1 ordinary, near 0 rare), as {@code tail_probability} and, for readers of format 2,
     * {@code calibrated}; the tail limit its alert budget allows (null while the key warms up and the model's threshold
     * decides; written by {@link #probability} when it changes, every few records of a key), whether it warms up, and
     * whether the record counts as anomalous for alerting (budget and persistence).
     */
    public byte[] scored(String key, long timestamp, float score, double threshold, boolean anomaly, ModelContract c,
            double calibrated, byte[] limitText, boolean alerting) {
        writeV1(key, timestamp, score, threshold, anomaly, c);
        sb.setLength(sb.length() - 1); // drop format 1's closing brace
        sb.appendBytes(CALIBRATED);
        int from = sb.length();
        sb.appendProbability(calibrated);
        int to = sb.length();
        sb.appendBytes(TAIL_PROBABILITY).appendCopy(from, to).appendBytes(TAIL_LIMIT)
                .appendBytes(limitText == null ? NULL : limitText).appendBytes(WARMING_UP).append(limitText == null)
                .appendBytes(ALERTING).append(alerting).appendBytes(FORMAT_3);
        return bytes();
    }

    private static final byte[] IN_MAINTENANCE = ascii(",\"calibrated\":1.0,\"tail_probability\":1.0,\"tail_limit\":null,"
            + "\"warming_up\":false,\"maintenance\":true,\"alerting\":false,\"format\":3}");

    /**
     * Scored-record format 3 for a record in a maintenance window: not judged (tail probability 1, never alerting),
     * marked {@code maintenance}.
     */
    public byte[] scoredInMaintenance(String key, long timestamp, float score, double threshold, boolean anomaly,
            ModelContract c) {
        writeV1(key, timestamp, score, threshold, anomaly, c);
        sb.setLength(sb.length() - 1);
        sb.appendBytes(IN_MAINTENANCE);
        return bytes();
    }

    /** A probability as the scored record writes it (four significant digits). */
    public static byte[] probability(double p) {
        JsonBytes b = new JsonBytes(16);
        b.appendProbability(p);
        return b.toArray();
    }

    private static byte[] thresholdBytes(double threshold) {
        return (",\"threshold\":" + Double.toString(threshold) + ",\"is_anomaly\":").getBytes(StandardCharsets.UTF_8);
    }

    /** An alert episode as the alert writes it: when it started, its peak's time and score. */
    public interface Episode {
        long startedMs();

        long peakMs();

        /** NaN when unknown. */
        float peakScore();
    }

    /**
     * Alert format 2: the key, the record's time and status, its score and the threshold, the model, the top features
     * (each with its observed and expected value in raw units, its share of the reconstruction error and its error;
     * for a resolved alert, those of the episode's peak), the episode (when it started, its peak's time and score,
     * and for a resolved alert when it ended).
     */
    public byte[] alert(String key, long timestamp, boolean firing, float score, double threshold, ModelContract c,
            List<AlertDetail.Feature> top, Episode episode) {
        return alert(key, timestamp, firing, score, threshold, Double.NaN, c, top, episode);
    }

    /** As above, with the record's tail probability (left out when NaN: the budget is off). */
    public byte[] alert(String key, long timestamp, boolean firing, float score, double threshold, double tailProbability,
            ModelContract c, List<AlertDetail.Feature> top, Episode episode) {
        sb.setLength(0);
        sb.append("{\"key\":");
        string(key);
        sb.append(",\"timestamp\":").appendLong(timestamp)
                .append(",\"status\":\"").append(firing ? "firing" : "resolved")
                .append("\",\"score\":").append(score)
                .append(",\"threshold\":").append(threshold);
        if (!Double.isNaN(tailProbability)) {
            sb.append(",\"tail_probability\":").appendProbability(tailProbability);
        }
        sb.append(",\"model\":");
        string(c.modelName());
        sb.append(",\"model_version\":");
        string(c.modelVersion());
        sb.append(",\"top_features\":[");
        for (int i = 0; i < top.size(); i++) {
            AlertDetail.Feature f = top.get(i);
            sb.append(i == 0 ? "{\"feature\":" : ",{\"feature\":");
            string(f.name());
            sb.append(",\"observed\":");
            number(f.observed());
            sb.append(",\"expected\":");
            number(f.expected());
            sb.append(",\"share\":").append(f.share()).append(",\"error\":").append(f.error()).append('}');
        }
        sb.append(']');
        if (episode != null) {
            sb.append(",\"episode\":{\"started\":").appendLong(episode.startedMs()).append(",\"peak_at\":")
                    .appendLong(episode.peakMs()).append(",\"peak_score\":");
            number(episode.peakScore());
            if (!firing) {
                sb.append(",\"ended\":").appendLong(timestamp);
            }
            sb.append('}');
        }
        sb.append(",\"format\":2}");
        return bytes();
    }

    /**
     * A dropped-series alert (alert format 3, {@code alert.v3.schema.json}): a model feature missing from the key's
     * records since {@code sinceMs} ({@code records} of them in a row when it fired); resolved by the key's first
     * complete record, timed {@code timestamp}.
     */
    public byte[] droppedSeries(String key, long timestamp, boolean firing, String feature, long sinceMs, int records,
            ModelContract c) {
        sb.setLength(0);
        sb.append("{\"key\":");
        string(key);
        sb.append(",\"timestamp\":").appendLong(timestamp)
                .append(",\"status\":\"").append(firing ? "firing" : "resolved")
                .append("\",\"kind\":\"dropped_series\",\"feature\":");
        string(feature);
        sb.append(",\"since\":").appendLong(sinceMs).append(",\"records\":").appendLong(records).append(",\"model\":");
        string(c.modelName());
        sb.append(",\"model_version\":");
        string(c.modelVersion());
        sb.append(",\"format\":3}");
        return bytes();
    }

    /** A float, or null where it is not a number (unknown). */
    private void number(float v) {
        if (Float.isFinite(v)) {
            sb.append(v);
        } else {
            sb.append("null");
        }
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
    public static void topK(float[] values, int offset, int n, int[] out) {
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
