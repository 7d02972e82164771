package io.recon.streaming.output;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.recon.streaming.input.Words;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the few appends JSON needs; strings are written as UTF-8. */
final class JsonBytes {
    private byte[] buf;
    private int len;

    JsonBytes() {
        this(512);
    }

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    void setLength(int n) {
        len = n;
    }

    int length() {
        return len;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    JsonBytes append(char c) {
        if (c < 0x80) {
            ensure(1);
            buf[len++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    /** Appends text as it is (JSON syntax or an already escaped string), as UTF-8; ASCII without a copy. */
    JsonBytes append(String s) {
        if (!writeAscii(s, false)) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
        }
        return this;
    }

    /** Writes s when it is plain ASCII needing no JSON escape; returns false (writing nothing) otherwise. */
    boolean asciiNoEscapes(String s) {
        return writeAscii(s, true);
    }

    /** Writes s if it is ASCII (and, with {@code noEscapes}, needs no JSON escape); else writes nothing: false. */
    private boolean writeAscii(String s, boolean noEscapes) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || noEscapes && (c < 0x20 || c == '"' || c == '\\')) {
                return false;
            }
        }
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len + i] = (byte) s.charAt(i);
        }
        len += n;
        return true;
    }

    JsonBytes append(long v) {
        return append(Long.toString(v));
    }

    /** Writes the digits without an intermediate string. */
    JsonBytes appendLong(long v) {
        ensure(20);
        len = NumberOutput.outputLong(v, buf, len);
        return this;
    }

    /** Appends a copy of this builder's own bytes {@code from} to {@code to} (written before). */
    JsonBytes appendCopy(int from, int to) {
        ensure(to - from);
        System.arraycopy(buf, from, buf, len, to - from);
        len += to - from;
        return this;
    }

    JsonBytes appendBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    JsonBytes append(boolean v) {
        return appendBytes(v ? TRUE : FALSE);
    }

    JsonBytes append(double v) {
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
     * fraction of the cost of the shortest exact decimal, in the notation of every other number written (a float's
     * {@code Float.toString}: plain from 0.001, E notation below): {@code 0.0123}, {@code 6.9E-4}, {@code 1.25E-5}.
     */
    JsonBytes appendProbability(double v) {
        if (!(v > 0)) {
            return append("0.0");
        }
        if (v >= 1) {
            return append("1.0");
        }
        int e = decimalExponent(v);
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
        if (e >= -3) { // 0.00dddd: plain from 10^-3 on, E notation below, as every other number (Float.toString)
            buf[len++] = '0';
            buf[len++] = '.';
            for (int z = -1; z > e; z--) {
                buf[len++] = '0';
            }
            writeDigits(m, digits);
            return this;
        }
        writeDigits(m / Words.POW10_LONG[digits - 1], 1); // d.ddd E -x
        buf[len++] = '.';
        if (digits > 1) {
            writeDigits(m % Words.POW10_LONG[digits - 1], digits - 1);
        } else {
            buf[len++] = '0';
        }
        buf[len++] = 'E';
        buf[len++] = '-';
        return appendLong(-e);
    }

    private static final double LOG10_2 = 0.30102999566398120;
    /** 10^-k as the nearest double, k = 0..325. */
    private static final double[] NEG_POW10 = new double[326];

    static {
        for (int k = 0; k < NEG_POW10.length; k++) {
            NEG_POW10[k] = Double.parseDouble("1e-" + k);
        }
    }

    /**
     * floor(log10(v)) for 0 < v < 1 from the binary exponent and one comparison (a third of {@code Math.log10}'s
     * cost); near a power of ten it may be one off, which {@link #appendProbability} corrects as it did for log10's.
     */
    static int decimalExponent(double v) {
        if (v < Double.MIN_NORMAL) {
            return (int) Math.floor(Math.log10(v)); // subnormal: no binary exponent to start from
        }
        int e = (int) Math.floor(Math.getExponent(v) * LOG10_2); // 2^b <= v < 2^(b+1): log10(v) in [e, e+1]
        return -(e + 1) < NEG_POW10.length && v >= NEG_POW10[-(e + 1)] ? e + 1 : e;
    }

    /** Writes {@code m} (below 10^4 here) as exactly {@code digits} digits (leading zeros kept). */
    private void writeDigits(long m, int digits) {
        len = FloatText.writeDigits((int) m, digits, buf, len);
    }

    /** A float's shortest decimal, as {@code Float.toString} (JDK 19+) writes it, with nothing allocated. */
    JsonBytes append(float v) {
        ensure(16);
        len = FloatText.write(v, buf, len);
        return this;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }
}
