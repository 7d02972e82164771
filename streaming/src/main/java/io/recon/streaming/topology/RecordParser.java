package io.recon.streaming.topology;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scans one input record (JSON, the input-record format) straight from its bytes into a float slot
 * of the inference buffer. It allocates nothing per record but the key string: field names are
 * matched as bytes against the model's feature names, numbers are converted from their digits
 * (exactly, by Clinger's fast path, with {@link Double#parseDouble} for the rare long forms). Named
 * {@code fields} may come in any order and may include fields the model does not use; {@code values}
 * must hold exactly the model's feature count. Anything else gets a dead-letter reason and detail.
 */
final class RecordParser {
    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final FeatureNames names;
    private final int features;
    private final boolean[] seen;
    private final List<String> featureNames;

    private byte[] b;
    private int pos;
    private int end;
    private double number;
    private int strStart;
    private int strEnd;
    private boolean strEscaped;

    /** The outcome of the last {@link #parse}. */
    String key;
    long timestamp;
    boolean hasTimestamp;
    DeadLetterReason error;
    String detail;

    RecordParser(List<String> featureNames) {
        this.featureNames = List.copyOf(featureNames);
        this.names = new FeatureNames(this.featureNames);
        this.features = featureNames.size();
        this.seen = new boolean[features];
    }

    /**
     * The string value of a top-level field of a JSON object, or null when the record is no object, lacks
     * the field, or holds another type there. Used for routing before the model is known.
     */
    static String topLevelString(byte[] value, String name) {
        RecordParser p = new RecordParser(List.of());
        p.b = value;
        p.pos = 0;
        p.end = value.length;
        try {
            p.ws();
            if (p.peek() != '{') {
                return null;
            }
            p.pos++;
            p.ws();
            if (p.peek() == '}') {
                return null;
            }
            while (true) {
                p.ws();
                p.string();
                boolean match = p.is(p.strStart, p.strEnd, name);
                p.ws();
                p.expect(':');
                p.ws();
                if (match && p.peek() == '"') {
                    p.string();
                    return p.strEscaped ? p.decodeEscaped(p.strStart, p.strEnd)
                            : new String(p.b, p.strStart, p.strEnd - p.strStart, StandardCharsets.UTF_8);
                }
                p.skipValue();
                p.ws();
                if (p.next() != ',') {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses {@code value} writing feature f to {@code target[offset + f]}.
     *
     * @return true when the record is usable; otherwise {@link #error} and {@link #detail} say why
     */
    boolean parse(byte[] value, float[] target, int offset) {
        key = null;
        hasTimestamp = false;
        error = null;
        detail = null;
        b = value;
        pos = 0;
        end = value.length;
        try {
            return parseRecord(target, offset);
        } catch (Syntax e) {
            return fail(DeadLetterReason.NOT_JSON, "not valid JSON: " + e.getMessage() + " at byte " + Math.min(pos, end));
        }
    }

    private boolean parseRecord(float[] target, int offset) {
        ws();
        if (pos >= end || b[pos] != '{') {
            if (pos < end && (b[pos] == '[' || b[pos] == '"' || b[pos] == '-' || (b[pos] >= '0' && b[pos] <= '9')
                    || b[pos] == 't' || b[pos] == 'f' || b[pos] == 'n')) {
                skipValue();
                ws();
                if (pos == end) {
                    return fail(DeadLetterReason.NOT_OBJECT, "expected a JSON object");
                }
            }
            throw new Syntax("expected '{'");
        }
        pos++;
        boolean gotFeatures = false;
        ws();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                ws();
                string();
                int ks = strStart;
                int ke = strEnd;
                ws();
                expect(':');
                ws();
                if (is(ks, ke, "key")) {
                    if (peek() == '"') {
                        string();
                        key = strEscaped ? decodeEscaped(strStart, strEnd)
                                : new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
                    } else if (literal("null")) {
                        key = null;
                    } else {
                        return fail(DeadLetterReason.WRONG_TYPE, "key must be a string");
                    }
                } else if (is(ks, ke, "timestamp")) {
                    if (!number() || number < 0 || number != Math.rint(number) || number > 9.0e15) {
                        return error != null ? false
                                : fail(DeadLetterReason.WRONG_TYPE, "timestamp must be epoch milliseconds (integer >= 0)");
                    }
                    timestamp = (long) number;
                    hasTimestamp = true;
                } else if (is(ks, ke, "fields") || is(ks, ke, "values")) {
                    if (gotFeatures) {
                        return fail(DeadLetterReason.WRONG_TYPE, "give either fields or values, not both");
                    }
                    boolean fields = is(ks, ke, "fields");
                    char open = fields ? '{' : '[';
                    if (peek() != open) {
                        return fail(DeadLetterReason.WRONG_TYPE, (fields ? "fields must be an object" : "values must be an array"));
                    }
                    if (!(fields ? readFields(target, offset) : readValues(target, offset))) {
                        return false;
                    }
                    gotFeatures = true;
                } else {
                    skipValue();
                }
                ws();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new Syntax("expected ',' or '}'");
                }
            }
        }
        ws();
        if (pos != end) {
            throw new Syntax("trailing content after the JSON object");
        }
        if (!gotFeatures) {
            return fail(DeadLetterReason.MISSING_FIELD, "record has neither fields nor values");
        }
        return true;
    }

    private boolean readFields(float[] target, int offset) {
        java.util.Arrays.fill(seen, false);
        int found = 0;
        int guess = 0;
        pos++; // '{'
        ws();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                ws();
                string();
                int f = strEscaped ? featureNames.indexOf(decodeEscaped(strStart, strEnd)) : names.find(b, strStart, strEnd, guess);
                guess = f + 1;
                int ns = strStart;
                int ne = strEnd;
                ws();
                expect(':');
                ws();
                if (f < 0) {
                    skipValue();
                } else {
                    if (!numberInto(target, offset + f, ns, ne)) {
                        return false;
                    }
                    if (!seen[f]) {
                        seen[f] = true;
                        found++;
                    }
                }
                ws();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new Syntax("expected ',' or '}' in fields");
                }
            }
        }
        if (found < features) {
            for (int f = 0; f < features; f++) {
                if (!seen[f]) {
                    return fail(DeadLetterReason.MISSING_FIELD, "missing field '" + featureNames.get(f) + "' ("
                            + (features - found) + " of " + features + " model features missing)");
                }
            }
        }
        return true;
    }

    private boolean readValues(float[] target, int offset) {
        pos++; // '['
        int n = 0;
        ws();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                ws();
                if (n < features) {
                    if (!numberInto(target, offset + n, -1, n)) {
                        return false;
                    }
                } else {
                    skipValue();
                }
                n++;
                ws();
                int c = next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw new Syntax("expected ',' or ']' in values");
                }
            }
        }
        if (n != features) {
            return fail(DeadLetterReason.WRONG_DIMENSION, n + " values but the model takes " + features);
        }
        return true;
    }

    /** Reads a number into the slot; nameStart < 0 means values[nameEnd]. */
    private boolean numberInto(float[] target, int at, int nameStart, int nameEnd) {
        int start = pos;
        if (!number()) {
            String what = nameStart < 0 ? "values[" + nameEnd + "]"
                    : new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
            if (error != null) {
                detail = what + " " + detail;
                return false;
            }
            pos = start;
            return fail(DeadLetterReason.WRONG_TYPE, what + " must be a number, got " + describe());
        }
        if (!Double.isFinite(number) || Math.abs(number) > Float.MAX_VALUE) {
            String what = nameStart < 0 ? "values[" + nameEnd + "]"
                    : new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
            return fail(DeadLetterReason.NON_FINITE, what + " is " + new String(b, start, pos - start,
                    StandardCharsets.UTF_8) + "; values must be finite");
        }
        target[at] = (float) number;
        return true;
    }

    /** Parses a JSON number (or NaN / Infinity) at pos into {@link #number}; false when there is none. */
    private boolean number() {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        if (literal("NaN") || literal("Infinity")) {
            error = DeadLetterReason.NON_FINITE;
            detail = "is " + new String(b, start, pos - start, StandardCharsets.US_ASCII) + "; values must be finite";
            return false;
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        int c = peek();
        if (c < '0' || c > '9') {
            pos = start;
            return false;
        }
        while (pos < end && (c = b[pos]) >= '0' && c <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                exp10++;
                digits++;
            }
            pos++;
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            if (pos >= end || b[pos] < '0' || b[pos] > '9') {
                throw new Syntax("digit expected after '.'");
            }
            while (pos < end && (c = b[pos]) >= '0' && c <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    exp10--;
                    if (mantissa != 0) {
                        digits++;
                    }
                } else {
                    digits++;
                }
                pos++;
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            boolean expNeg = false;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                expNeg = b[pos] == '-';
                pos++;
            }
            if (pos >= end || b[pos] < '0' || b[pos] > '9') {
                throw new Syntax("digit expected in exponent");
            }
            int e = 0;
            while (pos < end && (c = b[pos]) >= '0' && c <= '9') {
                e = Math.min(100_000, e * 10 + (c - '0'));
                pos++;
            }
            exp10 += expNeg ? -e : e;
        }
        if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
            double v = (double) mantissa;
            v = exp10 >= 0 ? v * POW10[exp10] : v / POW10[-exp10];
            number = negative ? -v : v;
        } else {
            number = Double.parseDouble(new String(b, start, pos - start, StandardCharsets.US_ASCII));
        }
        return true;
    }

    private void string() {
        if (peek() != '"') {
            throw new Syntax("expected a string");
        }
        pos++;
        strStart = pos;
        strEscaped = false;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                strEnd = pos++;
                return;
            }
            if (c == '\\') {
                strEscaped = true;
                pos++;
            } else if (c >= 0 && c < 0x20) {
                throw new Syntax("control character in string");
            }
            pos++;
        }
        throw new Syntax("unterminated string");
    }

    private String decodeEscaped(int from, int to) {
        try {
            return io.recon.schemas.Json.mapper().readValue(b, from - 1, to - from + 2, String.class);
        } catch (java.io.IOException e) {
            throw new Syntax("bad escape in string");
        }
    }

    private void skipValue() {
        int c = peek();
        switch (c) {
            case '"' -> string();
            case '{', '[' -> {
                int depth = 0;
                do {
                    c = next();
                    if (c == '"') {
                        pos--;
                        string();
                    } else if (c == '{' || c == '[') {
                        depth++;
                    } else if (c == '}' || c == ']') {
                        depth--;
                    }
                } while (depth > 0);
            }
            default -> {
                if (!(literal("true") || literal("false") || literal("null"))) {
                    int before = pos;
                    if (!number()) {
                        error = null;
                        detail = null;
                        if (pos == before) {
                            throw new Syntax("unexpected character");
                        }
                    }
                }
            }
        }
    }

    private String describe() {
        int c = peek();
        return switch (c) {
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            case '{' -> "an object";
            case '[' -> "an array";
            default -> "something else";
        };
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    private boolean is(int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void ws() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < end ? b[pos] : -1;
    }

    private int next() {
        if (pos >= end) {
            throw new Syntax("unexpected end of input");
        }
        return b[pos++];
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw new Syntax("expected '" + c + "'");
        }
    }

    private boolean fail(DeadLetterReason reason, String why) {
        error = reason;
        detail = why;
        return false;
    }

    /** Thrown inside the scanner on malformed JSON; carries no stack trace. */
    private static final class Syntax extends RuntimeException {
        Syntax(String message) {
            super(message, null, false, false);
        }
    }
}
