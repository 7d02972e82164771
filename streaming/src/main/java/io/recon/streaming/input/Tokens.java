package io.recon.streaming.input;

/** Byte-level JSON tokens for the fast scan: whitespace, strings without escapes, and exact member names. */
final class Tokens {
    private Tokens() {}

    /** End (index of the closing quote) of a string starting at {@code p}, or -1 if it has escapes or control bytes. */
    static int plainString(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            if (c == '\\' || c < 0x20) { // escapes, control bytes, and non-ASCII (UTF-8 to check): the full parser
                return -1;
            }
            p++;
        }
        return -1;
    }

    /** The first position from {@code p} on that is not JSON whitespace ({@code end} if none). */
    static int ws(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return p;
    }

    /** When the JSON string whose first byte is {@code b[from]} is exactly {@code word}, its closing quote; else -1. */
    static int named(byte[] b, int from, int end, byte[] word) {
        int q = from + word.length;
        if (q >= end || b[q] != '"') {
            return -1;
        }
        for (int i = 0; i < word.length; i++) {
            if (b[from + i] != word[i]) {
                return -1;
            }
        }
        return q;
    }
}
