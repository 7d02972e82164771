package io.recon.streaming.input;

/**
 * The common shape of an input record, scanned in one pass with everything in local variables:
 * {@code {"key":"…","timestamp":N,"fields":{"name":number,…}}} in any member order, with or without
 * whitespace, plain decimal numbers (no exponent, at most 18 digits), strings without escapes, only
 * model features (or other plain numbers) in {@code fields}. Anything else, and anything wrong, makes
 * {@link #scan} answer false without a verdict: {@link RecordParser} then parses the record in full and
 * names the problem. When it answers true, the result is the one the full parser gives.
 */
final class FastRecordScan {
    private static final byte[] KEY = {'k', 'e', 'y'};
    private static final byte[] TIMESTAMP = {'t', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p'};
    private static final byte[] FIELDS = {'f', 'i', 'e', 'l', 'd', 's'};

    private final FeatureNames names;
    private final int features;
    private final boolean[] seen;
    private final KeyCache keys;
    private final PlainDecimal decimal = new PlainDecimal();

    /** The outcome of the last successful {@link #scan}. */
    String key;
    long timestamp;
    boolean hasTimestamp;

    FastRecordScan(FeatureNames names, int features, KeyCache keys) {
        this.names = names;
        this.features = features;
        this.seen = new boolean[features];
        this.keys = keys;
    }

    /** True when {@code b} has the common shape and every model feature went to {@code target[offset + f]}. */
    boolean scan(byte[] b, float[] target, int offset) {
        int end = b.length;
        int p = Tokens.ws(b, 0, end);
        if (p >= end || b[p] != '{') {
            return false;
        }
        key = null;
        hasTimestamp = false;
        boolean gotFields = false;
        boolean gotKey = false;
        p = Tokens.ws(b, p + 1, end);
        if (p < end && b[p] == '}') {
            return false; // no features: the full parser says so
        }
        while (true) {
            if (p >= end || b[p] != '"') {
                return false;
            }
            int ns = p + 1;
            // the member's name matched in place: one of the three, or the full parser takes the record
            int ne;
            int member;
            if ((ne = Tokens.named(b, ns, end, KEY)) >= 0) {
                member = 0;
            } else if ((ne = Tokens.named(b, ns, end, TIMESTAMP)) >= 0) {
                member = 1;
            } else if ((ne = Tokens.named(b, ns, end, FIELDS)) >= 0) {
                member = 2;
            } else {
                return false; // other members (values, extra fields), escaped names: the full parser handles them
            }
            p = Tokens.ws(b, ne + 1, end);
            if (p >= end || b[p] != ':') {
                return false;
            }
            p = Tokens.ws(b, p + 1, end);
            if (p >= end) {
                return false;
            }
            if (member == 0) {
                if (gotKey || b[p] != '"') { // a second key: the full parser names the duplicate
                    return false;
                }
                gotKey = true;
                if (b[p] != '"') {
                    return false;
                }
                int ks = p + 1;
                int ke = Tokens.plainString(b, ks, end);
                if (ke < 0) {
                    return false;
                }
                key = keys.get(b, ks, ke);
                p = ke + 1;
            } else if (member == 1) {
                if (hasTimestamp) {
                    return false;
                }
                p = decimal.readTime(b, p, end);
                if (p < 0) {
                    return false;
                }
                timestamp = decimal.time;
                hasTimestamp = true;
            } else {
                if (gotFields || b[p] != '{') {
                    return false;
                }
                p = fields(b, p + 1, end, target, offset);
                if (p < 0) {
                    return false;
                }
                gotFields = true;
            }
            p = Tokens.ws(b, p, end);
            if (p >= end) {
                return false;
            }
            if (b[p] == '}') {
                break;
            }
            if (b[p] != ',') {
                return false;
            }
            p = Tokens.ws(b, p + 1, end);
        }
        return gotFields && Tokens.ws(b, p + 1, end) == end;
    }

    /** The members of {@code fields} from just after its '{'; the position after its '}', or -1. */
    private int fields(byte[] b, int p, int end, float[] target, int offset) {
        long seenLow = 0; // features 0..63 seen so far, one bit each; more features use seen[]
        if (features > 64) {
            java.util.Arrays.fill(seen, false);
        }
        int found = 0;
        int guess = 0;
        p = Tokens.ws(b, p, end);
        if (p < end && b[p] == '}') {
            return -1;
        }
        while (true) {
            if (p >= end || b[p] != '"') {
                return -1;
            }
            int ns = p + 1;
            int f = guess;
            int ne = names.plainMatch(b, ns, end, guess);
            if (ne < 0) {
                ne = Tokens.plainString(b, ns, end);
                if (ne < 0) {
                    return -1;
                }
                f = names.find(b, ns, ne);
            }
            p = Tokens.ws(b, ne + 1, end);
            if (p >= end || b[p] != ':') {
                return -1;
            }
            p = Tokens.ws(b, p + 1, end);
            // a plain decimal (the readers' one number routine); anything else goes to the full parser
            p = decimal.read(b, p, end);
            if (p < 0) {
                return -1;
            }
            if (f >= 0) {
                if (f < 64) {
                    long bit = 1L << f;
                    if ((seenLow & bit) != 0) {
                        return -1; // a field twice: the full parser names it
                    }
                    seenLow |= bit;
                } else {
                    if (seen[f]) {
                        return -1;
                    }
                    seen[f] = true;
                }
                found++;
                target[offset + f] = (float) decimal.value;
                guess = f + 1;
            }
            p = Tokens.ws(b, p, end);
            if (p >= end) {
                return -1;
            }
            if (b[p] == '}') {
                return found == features ? p + 1 : -1;
            }
            if (b[p] != ',') {
                return -1;
            }
            p = Tokens.ws(b, p + 1, end);
        }
    }
}
