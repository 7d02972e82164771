package io.recon.streaming.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.recon.streaming.metrics.DeadLetterReason;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams one input record (JSON, the input-record format) straight into a float slot of the
 * inference buffer: no intermediate objects beyond Jackson's parser. Named {@code fields} are
 * matched to the model's features by name (extra fields are ignored); {@code values} must hold
 * exactly the model's feature count, in order.
 */
final class RecordParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN/Infinity get their own reason
            .build();

    private final Map<String, Integer> index = new HashMap<>();
    private final int features;
    private final boolean[] seen;

    /** The outcome of the last {@link #parse}. */
    String key;
    long timestamp;
    boolean hasTimestamp;
    DeadLetterReason error;
    String detail;

    RecordParser(List<String> featureNames) {
        for (int i = 0; i < featureNames.size(); i++) {
            index.put(featureNames.get(i), i);
        }
        features = featureNames.size();
        seen = new boolean[features];
    }

    /**
     * Parses {@code value} writing feature f to {@code target[offset + f]}.
     *
     * @return true when the record is usable; otherwise {@link #error} and {@link #detail} say why
     */
    boolean parse(byte[] value, float[] target, int offset) {
        key = null;
        hasTimestamp = false;
        error = null;
        detail = null;
        boolean gotFeatures = false;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fail(DeadLetterReason.NOT_OBJECT, "expected a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "key" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            key = p.getText();
                        } else if (v != JsonToken.VALUE_NULL) {
                            return fail(DeadLetterReason.WRONG_TYPE, "key must be a string");
                        }
                    }
                    case "timestamp" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                            return fail(DeadLetterReason.WRONG_TYPE, "timestamp must be epoch milliseconds (integer >= 0)");
                        }
                        timestamp = p.getLongValue();
                        hasTimestamp = true;
                    }
                    case "fields" -> {
                        if (gotFeatures) {
                            return fail(DeadLetterReason.WRONG_TYPE, "give either fields or values, not both");
                        }
                        if (v != JsonToken.START_OBJECT || !readFields(p, target, offset)) {
                            return error != null ? false : fail(DeadLetterReason.WRONG_TYPE, "fields must be an object");
                        }
                        gotFeatures = true;
                    }
                    case "values" -> {
                        if (gotFeatures) {
                            return fail(DeadLetterReason.WRONG_TYPE, "give either fields or values, not both");
                        }
                        if (v != JsonToken.START_ARRAY || !readValues(p, target, offset)) {
                            return error != null ? false : fail(DeadLetterReason.WRONG_TYPE, "values must be an array");
                        }
                        gotFeatures = true;
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return fail(DeadLetterReason.NOT_JSON, "trailing content after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            return fail(DeadLetterReason.NOT_JSON, "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!gotFeatures) {
            return fail(DeadLetterReason.MISSING_FIELD, "record has neither fields nor values");
        }
        return true;
    }

    private boolean readFields(JsonParser p, float[] target, int offset) throws IOException {
        java.util.Arrays.fill(seen, false);
        int found = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer f = index.get(p.currentName());
            JsonToken v = p.nextToken();
            if (f == null) {
                p.skipChildren();
                continue;
            }
            if (!number(p, v, target, offset + f, p.currentName())) {
                return false;
            }
            if (!seen[f]) {
                seen[f] = true;
                found++;
            }
        }
        if (found < features) {
            for (Map.Entry<String, Integer> e : index.entrySet()) {
                if (!seen[e.getValue()]) {
                    return fail(DeadLetterReason.MISSING_FIELD, "missing field '" + e.getKey() + "' ("
                            + (features - found) + " of " + features + " model features missing)");
                }
            }
        }
        return true;
    }

    private boolean readValues(JsonParser p, float[] target, int offset) throws IOException {
        int n = 0;
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n >= features) {
                p.skipChildren();
                n++;
                continue;
            }
            if (!number(p, v, target, offset + n, "values[" + n + "]")) {
                return false;
            }
            n++;
        }
        if (n != features) {
            return fail(DeadLetterReason.WRONG_DIMENSION, n + " values but the model takes " + features);
        }
        return true;
    }

    private boolean number(JsonParser p, JsonToken v, float[] target, int at, String what) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            return fail(DeadLetterReason.WRONG_TYPE, what + " must be a number, got " + describe(v));
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
            return fail(DeadLetterReason.NON_FINITE, what + " is " + p.getText() + "; values must be finite");
        }
        target[at] = (float) d;
        return true;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.toString();
        };
    }

    private boolean fail(DeadLetterReason reason, String why) {
        error = reason;
        detail = why;
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
