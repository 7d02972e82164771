package io.recon.streaming.input;

import io.recon.streaming.metrics.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scans one input record (JSON, the input-record format) straight from its bytes into a float slot
 * of the inference buffer ({@link JsonScanner} does the byte work). It allocates nothing per record
 * but a key string not seen lately: field names are matched as bytes against the model's feature names. Named
 * {@code fields} may come in any order and may include fields the model does not use; {@code values}
 * must hold exactly the model's feature count. Anything else gets a dead-letter reason and detail.
 */
public final class RecordParser extends JsonScanner {
    private final FeatureNames names;
    private final int features;
    private final boolean[] seen;
    private final List<String> featureNames;
    private final KeyCache keys;
    private final FastRecordScan fast;
    private final boolean fastPath;

    /** The full parser's findings on the record it reads (scratch: {@link #parse} returns them). */
    private String key;
    private long timestamp;
    private boolean hasTimestamp;
    private String missingFeature;
    private DeadLetterReason error;
    private String detail;
    /**
     * Timestamps read in another unit than milliseconds (by {@link EpochTime#UNITS} index) since the last
     * {@link #drainConverted}: a value that can only be seconds, microseconds or nanoseconds given its size is
     * converted, never read as a time in 1970.
     */
    private final long[] converted = new long[EpochTime.UNITS.size()];

    public RecordParser(List<String> featureNames) {
        this(featureNames, new KeyCache(256), true);
    }

    /** @param keys shared by the parsers of one processor: record keys decoded once, not per record */
    public RecordParser(List<String> featureNames, KeyCache keys) {
        this(featureNames, keys, true);
    }

    /** @param fastPath false only in tests, to compare the full parser with the fast scan */
    RecordParser(List<String> featureNames, KeyCache keys, boolean fastPath) {
        this.keys = keys;
        this.fastPath = fastPath;
        this.featureNames = List.copyOf(featureNames);
        this.names = new FeatureNames(this.featureNames);
        this.features = featureNames.size();
        this.seen = new boolean[features];
        this.fast = new FastRecordScan(names, features, keys);
    }

    /** The key string of a record's raw Kafka key bytes (through the same cache). */
    public String keyOf(byte[] raw) {
        return keys.get(raw);
    }

    /**
     * Parses {@code value} writing feature f to {@code target[offset + f]}: usable, with the record's key and time when
     * it has them, or a dead letter's reason.
     */
    public RowRead parse(byte[] value, float[] target, int offset) {
        if (fastPath && fast.scan(value, target, offset)) {
            long t = fast.timestamp;
            if (!fast.hasTimestamp) {
                return RowRead.usable(fast.key, RowRead.NO_TIME);
            }
            int unit = EpochTime.unit(t);
            if (unit != EpochTime.MILLIS) {
                t = EpochTime.millis(t);
                converted[unit]++;
            }
            return RowRead.usable(fast.key, t);
        }
        key = null;
        hasTimestamp = false;
        error = null;
        detail = null;
        missingFeature = null;
        reset(value);
        boolean ok;
        try {
            ok = parseRecord(target, offset);
        } catch (Syntax e) {
            ok = fail(DeadLetterReason.NOT_JSON, "not valid JSON: " + e.getMessage() + " at byte " + Math.min(pos, end));
        }
        long time = hasTimestamp ? timestamp : RowRead.NO_TIME;
        return ok ? RowRead.usable(key, time) : RowRead.rejected(error, detail, missingFeature, key, time);
    }

    private boolean parseRecord(float[] target, int offset) {
        ws();
        if (pos >= end || b[pos] != '{') {
            if (pos < end && (b[pos] == '[' || b[pos] == '"' || b[pos] == '-' || (b[pos] >= '0' && b[pos] <= '9')
                    || b[pos] == 't' || b[pos] == 'f' || b[pos] == 'n')) {
                skipValue();
                ws();
                if (pos == end) {
                    return fail(DeadLetterReason.NOT_OBJECT, "expected a JSON object");
                }
            }
            throw new Syntax("expected '{'");
        }
        pos++;
        boolean gotFeatures = false;
        boolean gotFields = false;
        boolean gotKey = false;
        ws();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                ws();
                string();
                int ks = strStart;
                int ke = strEnd;
                ws();
                expect(':');
                ws();
                if (is(ks, ke, "key")) {
                    if (gotKey) {
                        return fail(DeadLetterReason.DUPLICATE_FIELD, "key appears twice");
                    }
                    gotKey = true;
                    if (peek() == '"') {
                        string();
                        key = strEscaped ? decodeEscaped(strStart, strEnd) : keys.get(b, strStart, strEnd);
                    } else if (literal("null")) {
                        key = null;
                    } else {
                        return fail(DeadLetterReason.WRONG_TYPE, "key must be a string");
                    }
                } else if (is(ks, ke, "timestamp")) {
                    if (hasTimestamp) {
                        return fail(DeadLetterReason.DUPLICATE_FIELD, "timestamp appears twice");
                    }
                    if (!number() || !(number >= 0) || number >= 9.2e18
                            || number != Math.rint(number) && EpochTime.unit(number) != EpochTime.SECONDS) {
                        return fail(DeadLetterReason.WRONG_TYPE, "timestamp must be epoch milliseconds (integer >= 0; "
                                + "seconds, microseconds and nanoseconds are told by their size)");
                    }
                    int unit = EpochTime.unit(number);
                    timestamp = EpochTime.millis(number);
                    if (unit != EpochTime.MILLIS) {
                        converted[unit]++;
                    }
                    hasTimestamp = true;
                } else if (is(ks, ke, "fields") || is(ks, ke, "values")) {
                    boolean fields = is(ks, ke, "fields");
                    if (gotFeatures) {
                        return fields == gotFields
                                ? fail(DeadLetterReason.DUPLICATE_FIELD, (fields ? "fields" : "values") + " appears twice")
                                : fail(DeadLetterReason.WRONG_TYPE, "give either fields or values, not both");
                    }
                    gotFields = fields;
                    char open = fields ? '{' : '[';
                    if (peek() != open) {
                        return fail(DeadLetterReason.WRONG_TYPE, (fields ? "fields must be an object" : "values must be an array"));
                    }
                    if (!(fields ? readFields(target, offset) : readValues(target, offset))) {
                        return false;
                    }
                    gotFeatures = true;
                } else {
                    skipValue();
                }
                ws();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new Syntax("expected ',' or '}'");
                }
            }
        }
        ws();
        if (pos != end) {
            throw new Syntax("trailing content after the JSON object");
        }
        if (!gotFeatures) {
            return fail(DeadLetterReason.MISSING_FIELD, "record has neither fields nor values");
        }
        return true;
    }

    private boolean readFields(float[] target, int offset) {
        java.util.Arrays.fill(seen, false);
        int found = 0;
        int guess = 0;
        pos++; // '{'
        ws();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                ws();
                string();
                int f = strEscaped ? featureNames.indexOf(decodeEscaped(strStart, strEnd)) : names.find(b, strStart, strEnd, guess);
                guess = f + 1;
                int ns = strStart;
                int ne = strEnd;
                ws();
                expect(':');
                ws();
                if (f < 0) {
                    skipValue();
                } else {
                    if (seen[f]) {
                        return fail(DeadLetterReason.DUPLICATE_FIELD, "field '" + featureNames.get(f) + "' appears twice "
                                + "in fields");
                    }
                    if (!numberInto(target, offset + f, ns, ne)) {
                        return false;
                    }
                    if (!seen[f]) {
                        seen[f] = true;
                        found++;
                    }
                }
                ws();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new Syntax("expected ',' or '}' in fields");
                }
            }
        }
        if (found < features) {
            for (int f = 0; f < features; f++) {
                if (!seen[f]) {
                    missingFeature = featureNames.get(f);
                    return fail(DeadLetterReason.MISSING_FIELD, "missing field '" + featureNames.get(f) + "' ("
                            + (features - found) + " of " + features + " model features missing)");
                }
            }
        }
        return true;
    }

    private boolean readValues(float[] target, int offset) {
        pos++; // '['
        int n = 0;
        ws();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                ws();
                if (n < features) {
                    if (!numberInto(target, offset + n, -1, n)) {
                        return false;
                    }
                } else {
                    skipValue();
                }
                n++;
                ws();
                int c = next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw new Syntax("expected ',' or ']' in values");
                }
            }
        }
        if (n != features) {
            return fail(DeadLetterReason.WRONG_DIMENSION, n + " values but the model takes " + features);
        }
        return true;
    }

    /** Reads a number into the slot; nameStart < 0 means values[nameEnd]. */
    private boolean numberInto(float[] target, int at, int nameStart, int nameEnd) {
        int start = pos;
        if (!number()) {
            String what = nameStart < 0 ? "values[" + nameEnd + "]"
                    : new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
            if (nonFinite) {
                return fail(DeadLetterReason.NON_FINITE, what + " is " + abbreviate(new String(b, start, pos - start,
                        StandardCharsets.US_ASCII)) + "; values must be finite");
            }
            pos = start;
            return fail(DeadLetterReason.WRONG_TYPE, what + " must be a number, got " + describe());
        }
        if (!Double.isFinite(number) || Math.abs(number) > Float.MAX_VALUE) {
            String what = nameStart < 0 ? "values[" + nameEnd + "]"
                    : new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
            return fail(DeadLetterReason.NON_FINITE, what + " is " + abbreviate(new String(b, start, pos - start,
                    StandardCharsets.UTF_8)) + "; values must be finite");
        }
        target[at] = (float) number;
        return true;
    }

    /** Text from the record for a detail: at most 40 characters. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** How many timestamps in {@code unit} (an index of {@link EpochTime#UNITS}) were converted since the last call. */
    public long drainConverted(int unit) {
        long n = converted[unit];
        converted[unit] = 0;
        return n;
    }

    private boolean fail(DeadLetterReason reason, String why) {
        error = reason;
        detail = why;
        return false;
    }
}
