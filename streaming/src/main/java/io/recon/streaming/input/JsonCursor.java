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
    private final PlainDecimal decimal = new PlainDecimal();

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
        int p = decimal.read(b, pos, end); // what most producers write
        if (p >= 0) {
            number = decimal.value;
            pos = p;
            return true;
        }
        return numberSlow();
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
