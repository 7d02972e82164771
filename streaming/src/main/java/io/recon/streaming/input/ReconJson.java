package io.recon.streaming.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.recon.streaming.metrics.DeadLetterReason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Recon's own input record, {@code {"key":"host-7","timestamp":1763900000000,"fields":{"cpu":0.93}}} (or
 * {@code "values":[...]}, named {@code f0..fN}), read as one vector. The scorer reads this format with
 * {@link RecordParser} instead, straight into its inference buffer; this reader serves training and retraining
 * from a topic, where records go through the same checks.
 */
final class ReconJson implements InputFormat {
    private final Rejection[] why = new Rejection[1];

    @Override
    public String id() {
        return "recon-json";
    }

    @Override
    public boolean perSample() {
        return false;
    }

    @Override
    public Rejection read(byte[] key, byte[] value, long timestamp, SampleSink out) {
        JsonNode root = SampleFormat.tree(value, why);
        if (root == null) {
            return why[0];
        }
        if (!root.isObject()) {
            return Rejection.of(DeadLetterReason.NOT_OBJECT, "expected a JSON object");
        }
        JsonNode k = root.get("key");
        if (k != null && !k.isNull() && !k.isTextual()) {
            return Rejection.of(DeadLetterReason.WRONG_TYPE, "key must be a string");
        }
        JsonNode t = root.get("timestamp");
        long time = -1;
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || !(t.asDouble() >= 0) || !t.isIntegralNumber() && EpochTime.unit(t.asDouble()) != EpochTime.SECONDS) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, "timestamp must be epoch milliseconds (integer >= 0; "
                        + "seconds, microseconds and nanoseconds are told by their size)");
            }
            time = t.isIntegralNumber() && t.canConvertToLong() ? EpochTime.millis(t.asLong()) : EpochTime.millis(t.asDouble());
        }
        JsonNode fields = root.get("fields");
        JsonNode values = root.get("values");
        if (fields != null && values != null) {
            return Rejection.of(DeadLetterReason.WRONG_TYPE, "give either fields or values, not both");
        }
        List<String> names = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>();
        if (fields != null) {
            if (!fields.isObject()) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, "fields must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                names.add(e.getKey());
                nodes.add(e.getValue());
            }
        } else if (values != null) {
            if (!values.isArray()) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, "values must be an array");
            }
            for (int i = 0; i < values.size(); i++) {
                names.add("f" + i);
                nodes.add(values.get(i));
            }
        } else {
            return Rejection.of(DeadLetterReason.MISSING_FIELD, "record has neither fields nor values");
        }
        double[] v = new double[nodes.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = nodes.get(i);
            if (!x.isNumber()) {
                return Rejection.of(DeadLetterReason.WRONG_TYPE, RecordParser.abbreviate(names.get(i)) + " must be a number, got "
                        + SampleFormat.kind(x));
            }
            v[i] = x.asDouble();
            if (!Double.isFinite(v[i]) || Math.abs(v[i]) > Float.MAX_VALUE) {
                return Rejection.of(DeadLetterReason.NON_FINITE, RecordParser.abbreviate(names.get(i)) + " is not finite");
            }
        }
        out.vector(k == null || k.isNull() ? null : k.asText(), time, names, v);
        return null;
    }
}
