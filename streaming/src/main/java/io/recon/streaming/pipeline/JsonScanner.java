package io.recon.streaming.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * A byte-level JSON scanner over one record's bytes: strings (escapes decoded only when present, plain
 * runs scanned eight bytes at a time), skipping of nested values, and what {@link JsonCursor} reads.
 * It allocates nothing but what callers ask it to decode. Malformed input throws {@link Syntax}.
 */
class JsonScanner extends JsonCursor {
    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    int strStart;
    int strEnd;
    boolean strEscaped;

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
}
