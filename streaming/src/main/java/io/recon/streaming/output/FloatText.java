package io.recon.streaming.output;

import java.math.BigInteger;

/**
 * A float's shortest decimal, written straight into a byte buffer: the same text as {@code Float.toString} since
 * JDK 19 and Jackson's writer (which the scored records used before), without the string and the helper object
 * those allocate per value. The decimal is the one Giulietti's Schubfach method selects: of the decimals that
 * round to the float, the shortest; of those, the closest (ties to an even last digit); a one-digit result is
 * chosen among two-digit decimals too. Rendered as plain {@code 123.45} for 10^-3 <= |v| < 10^7, else as
 * {@code 1.2345E-5}. {@code FloatTextTest} checks sampled floats against Jackson's text; every float was checked
 * once (see the test's note).
 */
final class FloatText {
    private static final int Q_MIN = -149; // the exponent of the smallest subnormal: v = c * 2^q
    private static final int C_MIN = 1 << 23; // the smallest normal significand
    private static final int C_TINY = 8; // subnormals below this have too few digits: scaled by 10 first
    private static final int K_MIN = -45;
    private static final int K_MAX = 31;
    /** g1(k) = the high 63 bits of floor(10^-k * 2^-r) + 1, normalized to [2^125, 2^126) by r. */
    private static final long[] G1 = new long[K_MAX - K_MIN + 1];

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            int shift = 125 - flog2pow10(-k); // 10^-k * 2^shift lies in [2^125, 2^126)
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            if (k <= 0) {
                num = BigInteger.TEN.pow(-k);
            } else {
                den = BigInteger.TEN.pow(k);
            }
            if (shift >= 0) {
                num = num.shiftLeft(shift);
            } else {
                den = den.shiftLeft(-shift);
            }
            BigInteger g = num.divide(den).add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new AssertionError("10^" + -k + " scaled to " + g.bitLength() + " bits");
            }
            G1[k - K_MIN] = g.shiftRight(63).longValueExact();
        }
    }

    private FloatText() {}

    /** floor(e * log10(2)): the k with 10^k <= 2^e < 10^(k+1), for |e| well beyond a float's exponents. */
    static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41); // floor(log10(2) * 2^41)
    }

    /** floor(log10(3/4 * 2^e)). */
    static int flog10threeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41); // floor(log10(3/4) * 2^41)
    }

    /** floor(e * log2(10)). */
    static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38); // floor(log2(10) * 2^38)
    }

    /** Writes {@code v} at {@code buf[pos]} (16 bytes are enough for any float); returns the position after it. */
    static int write(float v, byte[] buf, int pos) {
        int bits = Float.floatToRawIntBits(v);
        int t = bits & (C_MIN - 1);
        int be = (bits >>> 23) & 0xFF;
        if (be == 0xFF) {
            return ascii(t != 0 ? "NaN" : bits > 0 ? "Infinity" : "-Infinity", buf, pos);
        }
        if (bits < 0) {
            buf[pos++] = '-';
        }
        if (be != 0) {
            return decimal(be - 150, C_MIN | t, 0, buf, pos);
        }
        if (t == 0) {
            return ascii("0.0", buf, pos);
        }
        return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, buf, pos) : decimal(Q_MIN, t, 0, buf, pos);
    }

    /** The shortest decimal of c * 2^q (times 10^-dk). */
    private static int decimal(int q, int c, int dk, byte[] buf, int pos) {
        int out = c & 1; // round half to even: the interval's ends belong to it when c is even
        long cb = (long) c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1; // at a power of two the neighbour below is half as far
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 33;
        long g = G1[k - K_MIN] + 1;
        // four times v, its lower and upper rounding bounds, in units of 10^k, rounded to odd
        int vb = roundToOdd(g, cb << h);
        int vbl = roundToOdd(g, cbl << h);
        int vbr = roundToOdd(g, cbr << h);
        int s = vb >> 2;
        if (s >= 100) { // one digit fewer, when exactly one of its two neighbours of v rounds to v
            int sp10 = 10 * (int) (s * 1_717_986_919L >>> 34);
            int tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return digits(upin ? sp10 : tp10, k + dk, buf, pos);
            }
        }
        int u = s + 1;
        boolean sin = vbl + out <= s << 2;
        boolean uin = (u << 2) + out <= vbr;
        if (sin != uin) {
            return digits(sin ? s : u, k + dk, buf, pos);
        }
        int cmp = vb - (s + u << 1); // both round to v: the closer, ties to even
        return digits(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : u, k + dk, buf, pos);
    }

    private static int roundToOdd(long g, long cp) {
        long x = Math.multiplyHigh(g, cp);
        return (int) ((x >>> 31) | ((x & 0xFFFF_FFFFL) + 0xFFFF_FFFFL) >>> 32);
    }

    /** Writes f * 10^e (f > 0) as Float.toString lays it out. */
    private static int digits(int f, int e, byte[] buf, int pos) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int n = 1;
        for (int x = f; x >= 10; x /= 10) {
            n++;
        }
        int point = n + e; // v = 0.DIGITS * 10^point
        if (point > 0 && point <= 7) { // plain, digits before the point
            if (n <= point) {
                pos = writeDigits(f, n, buf, pos);
                for (int z = n; z < point; z++) {
                    buf[pos++] = '0';
                }
                buf[pos++] = '.';
                buf[pos++] = '0';
                return pos;
            }
            writeDigits(f, n, buf, pos + 1); // digits shifted by one, then the point moved in front of the tail
            System.arraycopy(buf, pos + 1, buf, pos, point);
            buf[pos + point] = '.';
            return pos + n + 1;
        }
        if (point > -3 && point <= 0) { // 0.00DIGITS
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int z = point; z < 0; z++) {
                buf[pos++] = '0';
            }
            return writeDigits(f, n, buf, pos);
        }
        writeDigits(f, n, buf, pos + 1); // D.IGITS E exponent
        buf[pos] = buf[pos + 1];
        buf[pos + 1] = '.';
        pos += n + 1;
        if (n == 1) {
            buf[pos++] = '0';
        }
        buf[pos++] = 'E';
        int x = point - 1;
        if (x < 0) {
            buf[pos++] = '-';
            x = -x;
        }
        return writeDigits(x, x >= 10 ? 2 : 1, buf, pos);
    }

    /** Writes {@code f} as exactly {@code n} digits (leading zeros kept) at {@code buf[pos]}; the position after. */
    static int writeDigits(int f, int n, byte[] buf, int pos) {
        for (int i = pos + n - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + f % 10);
            f /= 10;
        }
        return pos + n;
    }

    private static int ascii(String s, byte[] buf, int pos) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }
}
