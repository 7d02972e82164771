package io.recon.streaming.topology;

import java.nio.charset.StandardCharsets;

/**
 * A byte-level JSON scanner over one record's bytes: whitespace, strings (escapes decoded only when
 * present), numbers (exactly, by Clinger's fast path, float-exactly for long forms, with {@link Double#parseDouble}
 * for the rare rest),
 * skipping of nested values. It allocates nothing but what callers ask it to decode. Malformed input
 * throws {@link Syntax}.
 */
class JsonScanner {
    private static final double[] POW10 = new double[23];
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    byte[] b;
    int pos;
    int end;
    double number;
    boolean nonFinite;
    int strStart;
    int strEnd;
    boolean strEscaped;
    /** The digit accumulator of {@link #digitRun}. */
    private long acc;

    void reset(byte[] value) {
        b = value;
        pos = 0;
        end = value.length;
    }

    /**
     * The string value of a top-level field of a JSON object, or null when the record is no object, lacks
     * the field, or holds another type there. Used for routing before the model is known.
     */
    String topLevelString(byte[] value, String name) {
        reset(value);
        try {
            ws();
            if (peek() != '{') {
                return null;
            }
            pos++;
            ws();
            if (peek() == '}') {
                return null;
            }
            while (true) {
                ws();
                string();
                boolean match = is(strStart, strEnd, name);
                ws();
                expect(':');
                ws();
                if (match && peek() == '"') {
                    string();
                    return strEscaped ? decodeEscaped(strStart, strEnd)
                            : new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
                }
                skipValue();
                ws();
                if (next() != ',') {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses a JSON number at pos into {@link #number}; false when there is none, with {@link #nonFinite}
     * set when it is NaN or (-)Infinity (not JSON, but what some producers write). {@code number} is the
     * correctly rounded double for up to 15 significant digits; for longer forms it is within two units
     * in the last place of it and always casts to the same float as the correctly rounded double does
     * (which is all a float32 model input needs).
     */
    boolean number() {
        nonFinite = false;
        int start = pos;
        boolean negative = false;
        int p = pos;
        if (p < end && b[p] == '-') {
            negative = true;
            p++;
        }
        // fast path: plain decimals of at most 18 digits, no exponent (what most producers write)
        acc = 0;
        int intStart = p;
        p = digitRun(p);
        int intDigits = p - intStart;
        int fracDigits = 0;
        boolean dot = false;
        if (intDigits > 0 && p < end && b[p] == '.') {
            dot = true;
            int fracStart = ++p;
            p = digitRun(p);
            fracDigits = p - fracStart;
        }
        long m = acc;
        if (intDigits > 0 && intDigits + fracDigits <= 18 && m <= (1L << 53) && (fracDigits > 0 || !dot)
                && (p == end || (b[p] != 'e' && b[p] != 'E')) && fracDigits < POW10.length) {
            double v = fracDigits == 0 ? (double) m : (double) m / POW10[fracDigits];
            number = negative ? -v : v;
            pos = p;
            return true;
        }
        pos = start;
        return numberSlow();
    }

    /**
     * Consumes the run of ASCII digits at {@code p} into {@link #acc} (acc = acc * 10^n + digits; wraps
     * past 18 digits, which callers detect from the run's length) and returns the position after it.
     * (Eight-digits-at-a-time SWAR variants measured slower here than this loop: its multiply-add chain
     * is short for the 6 to 9 digits producers usually write.)
     */
    private int digitRun(int p) {
        long m = acc;
        int d;
        while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            p++;
        }
        acc = m;
        return p;
    }

    private boolean numberSlow() {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        if (literal("NaN") || literal("Infinity")) {
            nonFinite = true;
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
        if (exp10 >= -22 && exp10 <= 22) {
            double v = (double) mantissa;
            v = exp10 >= 0 ? v * POW10[exp10] : v / POW10[-exp10];
            if (digits <= 15) {
                number = negative ? -v : v; // Clinger's fast path: exact
                return true;
            }
            // 16 or more digits: v is within ~1.2 ulp of the true value (the mantissa keeps 18 digits and
            // each of its two roundings adds half an ulp). Every double within 4 ulp of v rounds to the same
            // float unless a float rounding boundary lies that close, which is rare: then parse exactly.
            float f = (float) v;
            double slack = 4 * Math.ulp(v);
            if (f != 0 && !Float.isInfinite(f) && Math.abs(f) >= Float.MIN_NORMAL && (float) (v - slack) == f
                    && (float) (v + slack) == f) {
                number = negative ? -v : v;
                return true;
            }
        }
        number = Double.parseDouble(new String(b, start, pos - start, StandardCharsets.US_ASCII));
        return true;
    }

    void string() {
        if (peek() != '"') {
            throw new Syntax("expected a string");
        }
        pos++;
        strStart = pos;
        strEscaped = false;
        // eight bytes at a time while none is a quote, a backslash or a control character (SWAR); the
        // first byte that may be one is looked at below, one at a time
        while (pos + 8 <= end) {
            long v = (long) LONG_LE.get(b, pos);
            long q = v ^ 0x2222222222222222L;
            long e = v ^ 0x5C5C5C5C5C5C5C5CL;
            long hit = ((q - 0x0101010101010101L) & ~q | (e - 0x0101010101010101L) & ~e | (v - 0x2020202020202020L) & ~v)
                    & 0x8080808080808080L;
            if (hit != 0) {
                pos += Long.numberOfTrailingZeros(hit) >>> 3;
                break;
            }
            pos += 8;
        }
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

    String decodeEscaped(int from, int to) {
        try {
            return io.recon.schemas.Json.mapper().readValue(b, from - 1, to - from + 2, String.class);
        } catch (java.io.IOException e) {
            throw new Syntax("bad escape in string");
        }
    }

    void skipValue() {
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
                        if (pos == before && !nonFinite) {
                            throw new Syntax("unexpected character");
                        }
                    }
                }
            }
        }
    }

    String describe() {
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

    boolean literal(String word) {
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

    boolean is(int from, int to, String word) {
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

    void ws() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    int peek() {
        return pos < end ? b[pos] : -1;
    }

    int next() {
        if (pos >= end) {
            throw new Syntax("unexpected end of input");
        }
        return b[pos++];
    }

    void expect(char c) {
        if (next() != c) {
            pos--;
            throw new Syntax("expected '" + c + "'");
        }
    }

    /** Thrown inside the scanner on malformed JSON; carries no stack trace. */
    static final class Syntax extends RuntimeException {
        Syntax(String message) {
            super(message, null, false, false);
        }
    }
}
