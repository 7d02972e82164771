package io.recon.streaming.pipeline;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.recon.schemas.contract.ModelContract;
import java.nio.charset.StandardCharsets;

/** Writes the scored-record and alert formats with one reused builder (hot path, no Jackson tree). */
public final class JsonOut {
    private final Bytes sb = new Bytes();
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

    /** A growable byte buffer with the few appends JSON needs; strings are written as UTF-8. */
    static final class Bytes {
        private byte[] buf = new byte[512];
        private int len;

        void setLength(int n) {
            len = n;
        }

        int length() {
            return len;
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        Bytes append(char c) {
            if (c < 0x80) {
                ensure(1);
                buf[len++] = (byte) c;
                return this;
            }
            return append(String.valueOf(c));
        }

        Bytes append(String s) {
            if (!asciiNoEscapes(s)) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, buf, len, utf8.length);
                len += utf8.length;
            }
            return this;
        }

        /** Writes s when it is plain ASCII needing no JSON escape; returns false (writing nothing) otherwise. */
        boolean asciiNoEscapes(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
                    return false;
                }
            }
            for (int i = 0; i < n; i++) {
                buf[len + i] = (byte) s.charAt(i);
            }
            len += n;
            return true;
        }

        Bytes append(long v) {
            return append(Long.toString(v));
        }

        /** Writes the digits without an intermediate string. */
        Bytes appendLong(long v) {
            ensure(20);
            len = NumberOutput.outputLong(v, buf, len);
            return this;
        }

        Bytes appendBytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, len, bytes.length);
            len += bytes.length;
            return this;
        }

        Bytes append(boolean v) {
            return append(v ? "true" : "false");
        }

        Bytes append(double v) {
            return append(NumberOutput.toString(v, true));
        }

        private static final double[] POW10 = new double[301];

        static {
            for (int i = 0; i < POW10.length; i++) {
                POW10[i] = Double.parseDouble("1e" + i);
            }
        }

        /**
         * Writes a probability (0 to 1) to four significant digits, which is all a tail probability means, at a
         * fraction of the cost of the shortest exact decimal: {@code 0.00069}, {@code 1.25E-5}.
         */
        Bytes appendProbability(double v) {
            if (!(v > 0)) {
                return append("0.0");
            }
            if (v >= 1) {
                return append("1.0");
            }
            int e = (int) Math.floor(Math.log10(v));
            int shift = 3 - e;
            double t = v;
            if (shift > 300) { // 10^shift would overflow
                t *= 1e100;
                shift -= 100;
            }
            long m = Math.round(t * POW10[shift]);
            if (m >= 10_000) { // rounded up to the next decade (or log10 was one too low)
                m = Math.round(m / 10.0);
                e++;
            } else if (m < 1000) { // log10 was one too high
                m = Math.round(t * POW10[shift] * 10);
                e--;
            }
            if (e >= 0) {
                return append("1.0");
            }
            int digits = 4;
            while (digits > 1 && m % 10 == 0) {
                m /= 10;
                digits--;
            }
            ensure(16);
            if (e >= -4) { // 0.000dddd
                buf[len++] = '0';
                buf[len++] = '.';
                for (int z = -1; z > e; z--) {
                    buf[len++] = '0';
                }
                writeDigits(m, digits);
                return this;
            }
            writeDigits(m / POW[digits - 1], 1); // d.ddd E -x
            buf[len++] = '.';
            if (digits > 1) {
                writeDigits(m % POW[digits - 1], digits - 1);
            } else {
                buf[len++] = '0';
            }
            buf[len++] = 'E';
            buf[len++] = '-';
            return appendLong(-e);
        }

        private static final long[] POW = {1, 10, 100, 1000};

        /** Writes {@code m} as exactly {@code digits} digits (leading zeros kept). */
        private void writeDigits(long m, int digits) {
            for (int i = digits - 1; i >= 0; i--) {
                buf[len + i] = (byte) ('0' + m % 10);
                m /= 10;
            }
            len += digits;
        }

        Bytes append(float v) {
            return append(NumberOutput.toString(v, true));
        }

        @Override
        public String toString() {
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buf, len);
        }
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
