package io.recon.streaming.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight bytes of a record at a time (SWAR): unaligned little-endian words, and digit runs counted and converted. */
public final class Words {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** 10^n for n = 0..8. */
    public static final long[] POW10_LONG = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L};

    /**
     * 10^n for n = 0..22, each exact as a double (10^22 is the last that is): the one table of the readers' number
     * conversion (Clinger's fast path: an integer mantissa of at most 2^53 divided by an exact power is correctly
     * rounded).
     */
    static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private Words() {}

    /** The eight bytes {@code b[p .. p+8)} as a long, {@code b[p]} lowest. */
    static long at(byte[] b, int p) {
        return (long) LONG_LE.get(b, p);
    }

    /** How many of the word's bytes (first byte lowest) are ASCII digits before the first that is not: 0 to 8. */
    static int leadingDigits(long w) {
        // a byte is a digit when its high nibble is 3 and stays 3 after adding 6 ('0'..'9' = 0x30..0x39); a carry out
        // of a byte (0xFA and up) only disturbs the bytes after it, which come after a non-digit anyway
        long x = ((w & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L)
                | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L);
        return Long.numberOfTrailingZeros(x) >>> 3;
    }

    /** The value of the word's first {@code n} (1 to 8) bytes, all digits, first byte most significant. */
    static long digitsValue(long w, int n) {
        long v = (w & 0x0F0F0F0F0F0F0F0FL) << ((8 - n) << 3); // the missing digits become leading zeros
        v = v * 10 + (v >>> 8); // even bytes: two-digit numbers
        return (((v & 0x000000FF000000FFL) * 0x000F424000000064L) // 10^6 and 10^2 for the first and third pairs
                + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L)) >>> 32; // 10^4 and 1 for the others
    }
}
