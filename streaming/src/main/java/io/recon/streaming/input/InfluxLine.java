package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * InfluxDB line protocol, Telegraf's default output ({@code data_format = "influx"}): one line per metric,
 * {@code cpu,host=a,cpu=cpu-total usage_user=0.5,usage_system=0.2 1700000000000000000}, several lines per record
 * with the batch format. Measurement, tag and field names take backslash escapes for {@code ,}, {@code =} and
 * space; field values are floats ({@code 1}, {@code 1.5}, {@code -2e3}), integers ({@code 1i}), unsigned integers
 * ({@code 1u}), booleans ({@code t}, {@code true}, {@code F}, ...) or quoted text (left out: not a metric). The
 * timestamp is optional (the Kafka record's time then) and its unit (ns by default; s, ms, us with a precision)
 * is told by its size. Lines starting with {@code #} are comments.
 *
 * <p>Each numeric field is a sample of series {@code measurement.field}, tags as labels (entity: {@code host}).
 * A line that does not parse is rejected on its own ({@code bad_line_protocol}, with its number); the record's
 * other lines go on.
 */
final class InfluxLine extends SampleFormat {
    private final SeriesNames.Labels tags = new SeriesNames.Labels();
    private final StringBuilder text = new StringBuilder(64);
    private final String[] fieldNames = new String[256];
    private final double[] fieldValues = new double[256];
    private byte[] b;
    private int pos;
    private int end;

    InfluxLine(InputSettings settings) {
        super(settings, List.of("host"), Set.of());
    }

    @Override
    public String id() {
        return "influx-line";
    }

    /** A line that does not parse. */
    private static final class BadLine extends Exception {
        BadLine(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        b = value;
        int n = value.length;
        int lineNo = 0;
        int start = 0;
        boolean any = false;
        while (start < n) {
            int stop = lineEnd(value, start, n);
            lineNo++;
            int s = start;
            int e = stop;
            while (s < e && (value[s] == ' ' || value[s] == '\t')) {
                s++;
            }
            while (e > s && (value[e - 1] == '\r' || value[e - 1] == ' ' || value[e - 1] == '\t')) {
                e--;
            }
            if (e > s && value[s] != '#') {
                any = true;
                try {
                    line(s, e, key, timestamp, out);
                } catch (BadLine x) {
                    out.reject(DeadLetterReason.BAD_LINE_PROTOCOL, "line " + lineNo + ": " + x.getMessage());
                }
            }
            start = stop + 1;
        }
        b = null;
        return any ? null : Rejection.of(DeadLetterReason.BAD_LINE_PROTOCOL, "no line protocol in the record");
    }

    /** The end of the line starting at {@code from}: the next line feed outside a quoted field value. */
    private static int lineEnd(byte[] v, int from, int n) {
        boolean quoted = false;
        for (int i = from; i < n; i++) {
            byte c = v[i];
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                return i;
            }
        }
        return n;
    }

    private void line(int s, int e, byte[] key, long recordTime, SampleSink out) throws BadLine {
        pos = s;
        end = e;
        String measurement = token(true, false, "measurement");
        if (measurement.isEmpty()) {
            throw new BadLine("missing measurement");
        }
        tags.clear();
        while (pos < end && b[pos] == ',') {
            pos++;
            String k = token(false, true, "tag key");
            expect('=', "'=' after tag key " + SeriesNames.metric(k));
            String v = token(false, false, "tag value");
            if (k.isEmpty() || v.isEmpty()) {
                throw new BadLine("empty tag key or value");
            }
            tags.add(k, v);
            if (tags.size() > SeriesNames.MAX_LABELS) {
                throw new BadLine("more than " + SeriesNames.MAX_LABELS + " tags");
            }
        }
        if (pos >= end || b[pos] != ' ') {
            throw new BadLine("expected a space before the fields");
        }
        spaces();
        int fields = 0;
        while (true) {
            String k = token(false, true, "field key");
            if (k.isEmpty()) {
                throw new BadLine("missing field key");
            }
            expect('=', "'=' after field key " + SeriesNames.metric(k));
            if (pos >= end) {
                throw new BadLine("field " + SeriesNames.metric(k) + " has no value");
            }
            if (b[pos] == '"') {
                skipString(k); // text: not a metric
            } else {
                double v = fieldValue(k);
                if (fields == fieldNames.length) {
                    throw new BadLine("more than " + fieldNames.length + " fields");
                }
                fieldNames[fields] = k;
                fieldValues[fields++] = v;
            }
            if (pos < end && b[pos] == ',') {
                pos++;
                continue;
            }
            break;
        }
        long time = recordTime;
        if (pos < end) {
            if (b[pos] != ' ') {
                throw new BadLine("unexpected '" + (char) b[pos] + "' after the fields");
            }
            spaces();
            if (pos < end) {
                time = timestamp();
            }
        }
        for (int i = 0; i < fields; i++) {
            emit(out, null, tags, key, measurement + "." + fieldNames[i], time, fieldValues[i], false);
            fieldNames[i] = null;
        }
    }

    private void spaces() {
        while (pos < end && b[pos] == ' ') {
            pos++;
        }
    }

    private void expect(char c, String what) throws BadLine {
        if (pos >= end || b[pos] != c) {
            throw new BadLine("expected " + what);
        }
        pos++;
    }

    /**
     * A name or tag value up to an unescaped separator: {@code ,} or space (and {@code =} for keys). Measurements
     * escape {@code ,} and space only; a backslash before anything else is itself.
     */
    private String token(boolean measurement, boolean keyToken, String what) throws BadLine {
        int from = pos;
        boolean escaped = false;
        while (pos < end) {
            byte c = b[pos];
            if (c == '\\' && pos + 1 < end) {
                byte d = b[pos + 1];
                if (d == ',' || d == ' ' || (!measurement && d == '=') || d == '\\') {
                    escaped = true;
                    pos += 2;
                    continue;
                }
            }
            if (c == ',' || c == ' ' || (keyToken && c == '=')) {
                break;
            }
            if (c == '=' && !measurement && !keyToken) {
                throw new BadLine("unescaped '=' in a " + what);
            }
            pos++;
        }
        if (!escaped) {
            return new String(b, from, pos - from, StandardCharsets.UTF_8);
        }
        String raw = new String(b, from, pos - from, StandardCharsets.UTF_8);
        text.setLength(0);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char d = raw.charAt(i + 1);
                if (d == ',' || d == ' ' || d == '\\' || (!measurement && d == '=')) {
                    text.append(d);
                    i++;
                    continue;
                }
            }
            text.append(c);
        }
        return text.toString();
    }

    private void skipString(String field) throws BadLine {
        pos++; // opening quote
        while (pos < end) {
            byte c = b[pos];
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (c == '"') {
                pos++;
                return;
            }
            pos++;
        }
        throw new BadLine("field " + SeriesNames.metric(field) + ": unterminated string");
    }

    private double fieldValue(String field) throws BadLine {
        int from = pos;
        while (pos < end && b[pos] != ',' && b[pos] != ' ') {
            pos++;
        }
        int to = pos;
        String v = new String(b, from, to - from, StandardCharsets.US_ASCII);
        switch (v) {
            case "t", "T", "true", "True", "TRUE" -> {
                return 1;
            }
            case "f", "F", "false", "False", "FALSE" -> {
                return 0;
            }
            // not line protocol, but what a careless writer sends: rejected as non-finite rather than as syntax
            case "NaN", "nan" -> {
                return Double.NaN;
            }
            case "Inf", "+Inf", "Infinity", "+Infinity", "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf", "-Infinity", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> { }
        }
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        try {
            if (last == 'i' || last == 'u') {
                long x = Long.parseLong(v.substring(0, v.length() - 1));
                if (last == 'u' && x < 0) {
                    throw new NumberFormatException();
                }
                return x;
            }
            char first = v.isEmpty() ? ' ' : v.charAt(0);
            // Java also reads hex floats and a trailing 'd' or 'f'; line protocol has neither
            if ((Character.isDigit(first) || first == '-' || first == '+' || first == '.')
                    && (Character.isDigit(last) || last == '.') && v.indexOf('x') < 0 && v.indexOf('X') < 0) {
                return Double.parseDouble(v);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadLine("field " + SeriesNames.metric(field) + " has value " + RecordParser.abbreviate(v)
                + ", not a number, boolean or string");
    }

    private long timestamp() throws BadLine {
        int from = pos;
        while (pos < end && b[pos] != ' ') {
            pos++;
        }
        String t = new String(b, from, pos - from, StandardCharsets.US_ASCII);
        spaces();
        if (pos < end) {
            throw new BadLine("unexpected text after the timestamp");
        }
        try {
            long ms = EpochTime.millis(Long.parseLong(t));
            if (ms < 0) {
                throw new BadLine("timestamp " + t + " is before 1970");
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new BadLine("timestamp " + RecordParser.abbreviate(t) + " is not an integer");
        }
    }
}
