package io.recon.streaming.input;

import java.nio.charset.StandardCharsets;

/**
 * A byte-level JSON scanner over one record's bytes: strings (escapes decoded only when present, plain
 * runs scanned eight bytes at a time), skipping of nested values, and what {@link JsonCursor} reads.
 * It allocates nothing but what callers ask it to decode. Malformed input throws {@link Syntax}.
 */
public class JsonScanner extends JsonCursor {
    int strStart;
    int strEnd;
    boolean strEscaped;

    /**
     * The string value of a top-level field of a JSON object, or null when the record is no object, lacks
     * the field, or holds another type there. Used for routing before the model is known.
     */
    public String topLevelString(byte[] value, String name) {
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

    void string() {
        if (peek() != '"') {
            throw new Syntax("expected a string");
        }
        pos++;
        strStart = pos;
        strEscaped = false;
        long high = 0; // any byte with its top bit set: not ASCII, to be checked as UTF-8
        // eight bytes at a time while none is a quote, a backslash or a control character (SWAR); the
        // first byte that may be one is looked at below, one at a time
        while (pos + 8 <= end) {
            long v = Words.at(b, pos);
            long q = v ^ 0x2222222222222222L;
            long e = v ^ 0x5C5C5C5C5C5C5C5CL;
            long hit = ((q - 0x0101010101010101L) & ~q | (e - 0x0101010101010101L) & ~e | (v - 0x2020202020202020L) & ~v)
                    & 0x8080808080808080L;
            high |= v & 0x8080808080808080L; // (may include bytes past the string's end: then it is only checked)
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
                if (high != 0 && !validUtf8(b, strStart, strEnd)) {
                    throw new Syntax("invalid UTF-8 in string");
                }
                return;
            }
            if (c < 0) {
                high = 1;
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

    /** Whether {@code b[from, to)} is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF). */
    static boolean validUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= to) {
                return false;
            }
            int cp = c & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
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
}
