package io.recon.streaming.input;

/**
 * The readers' one number routine, for what producers nearly always write: a plain decimal (an optional '-', digits,
 * an optional fraction; no exponent; at most 18 digits in all), converted by Clinger's fast path (an integer mantissa
 * of at most 2^53 divided by an exact power of ten, {@link Words#POW10}: correctly rounded). Anything else answers -1
 * and the caller decides: the fast record scan hands the record to the full parser, whose cursor reads the number
 * in full ({@code JsonCursor.numberSlow}: exponents, long forms, NaN and Infinity).
 *
 * <p>Digits are read eight bytes at a time where the record has them ({@link Words}): a word's digits are counted
 * and converted without a branch per digit, and a fraction's first sixteen bytes without a branch per word, which
 * spares the mispredicted loop exits of digit runs whose lengths differ from field to field (measured on the fast
 * scan, 9e07b8d). One instance per reader; not thread-safe.
 */
final class PlainDecimal {
    /** The value of the number the last successful {@link #read} took. */
    double value;
    /** The digits of the current number so far (more than 18 overflow it: {@link #read} rejects those by count). */
    private long mantissa;

    /** Reads a plain decimal at {@code p}; the position after it with {@link #value} set, or -1 when there is none. */
    int read(byte[] b, int p, int end) {
        boolean negative = p < end && b[p] == '-';
        if (negative) {
            p++;
        }
        int is = p;
        mantissa = 0;
        p = digitRun(b, p, end);
        int digits = p - is;
        if (digits == 0) {
            return -1;
        }
        int frac = 0;
        if (p < end && b[p] == '.') {
            int fs = ++p;
            p = fs + 16 <= end ? fraction(b, fs, end) : digitRun(b, fs, end);
            frac = p - fs;
            if (frac == 0) {
                return -1;
            }
        }
        long m = mantissa;
        if (digits + frac > 18 || m > (1L << 53) || (p < end && (b[p] == 'e' || b[p] == 'E'))) {
            return -1;
        }
        double v = frac == 0 ? (double) m : (double) m / Words.POW10[frac];
        value = negative ? -v : v;
        return p;
    }

    /** The epoch time the last successful {@link #readTime} took. */
    long time;

    /**
     * Reads an epoch time at {@code p}, an unsigned integer of 1 to 15 digits: the position after it with {@link #time}
     * set, or -1 (none, longer, negative, or followed by a fraction or an exponent: the full parser judges those).
     */
    int readTime(byte[] b, int p, int end) {
        mantissa = 0;
        int e = digitRun(b, p, end);
        if (e == p || e - p > 15 || (e < end && (b[e] == '.' || b[e] == 'e' || b[e] == 'E'))) {
            return -1;
        }
        time = mantissa;
        return e;
    }

    /** Reads the run of ASCII digits at {@code p} into {@link #mantissa}; returns the position after the run. */
    private int digitRun(byte[] b, int p, int end) {
        long m = mantissa;
        while (p + 8 <= end) {
            long w = Words.at(b, p);
            int n = Words.leadingDigits(w);
            if (n == 0) {
                mantissa = m;
                return p;
            }
            m = m * Words.POW10_LONG[n] + Words.digitsValue(w, n);
            p += n;
            if (n < 8) {
                mantissa = m;
                return p;
            }
        }
        int d;
        while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            p++;
        }
        mantissa = m;
        return p;
    }

    /**
     * {@link #digitRun} for a fraction's digits where the record has 16 bytes from {@code p}: the first two words are
     * counted and converted whatever the run's length (the second one counts only when the first was all digits), so
     * the branch on the run's length that {@link #digitRun} takes per word is only taken for runs of 16 digits or more.
     */
    private int fraction(byte[] b, int p, int end) {
        long w1 = Words.at(b, p);
        long w2 = Words.at(b, p + 8);
        int n1 = Words.leadingDigits(w1);
        int n2 = Words.leadingDigits(w2) & -(n1 >>> 3); // 0 unless all eight bytes of w1 were digits
        long m = mantissa;
        m = m * Words.POW10_LONG[n1] + (Words.digitsValue(w1, n1) & -((n1 + 7) >>> 3)); // n = 0 adds nothing
        m = m * Words.POW10_LONG[n2] + (Words.digitsValue(w2, n2) & -((n2 + 7) >>> 3));
        mantissa = m;
        p += n1 + n2;
        return n2 == 8 ? digitRun(b, p, end) : p;
    }
}
