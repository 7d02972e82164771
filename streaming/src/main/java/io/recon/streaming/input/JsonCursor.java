package io.recon.streaming.input;

import java.nio.charset.StandardCharsets;

/**
 * A position in one record's bytes with the scanning primitives (whitespace, literals, single bytes)
 * and JSON numbers: exactly, by Clinger's fast path, float-exactly for long forms, with
 * {@link Double#parseDouble} for the rare rest. Malformed input throws {@link Syntax}.
 */
class JsonCursor {
    byte[] b;
    int pos;
    int end;
    double number;
    boolean nonFinite;
    /** The digit accumulator of {@link #digitRun}. */
    private long acc;

    void reset(byte[] value) {
        b = value;
        pos = 0;
        end = value.length;
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
                && (p == end || (b[p] != 'e' && b[p] != 'E')) && fracDigits < Words.POW10.length) {
            double v = fracDigits == 0 ? (double) m : (double) m / Words.POW10[fracDigits];
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
     * (A word-at-a-time variant of this loop measured slower here, when this parser read every record: the
     * multiply-add chain is short for the 6 to 9 digits producers usually write. The fast scan, which now reads nearly
     * every record first, takes a fraction's digits as two words without a branch per word, which measured faster
     * there (FastRecordScan, 9e07b8d): different loops for different callers, not a contradiction.)
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
            v = exp10 >= 0 ? v * Words.POW10[exp10] : v / Words.POW10[-exp10];
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
        pos = Tokens.ws(b, pos, end);
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
