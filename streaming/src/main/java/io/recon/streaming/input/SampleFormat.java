package io.recon.streaming.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.recon.streaming.metrics.DeadLetterReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the shipper formats share: naming samples ({@link SeriesNames}), checking them, and reading JSON. Each
 * sample that cannot be used is rejected on its own; the record's other samples go on.
 */
abstract class SampleFormat implements InputFormat {
    /** Strict JSON: one value per record (a trailing newline is fine), no NaN literals. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    protected final SeriesNames names;
    private final boolean rates;

    SampleFormat(InputSettings settings, List<String> defaultEntityLabels, Set<String> dropped) {
        this.names = new SeriesNames(settings, defaultEntityLabels, dropped);
        this.rates = settings.rates();
    }

    @Override
    public final boolean perSample() {
        return true;
    }

    /** Names, checks and sends one sample. */
    protected final void emit(SampleSink out, SeriesNames.Labels scope, SeriesNames.Labels point, byte[] kafkaKey,
            String metric, long timeMs, double value, boolean counter) {
        Rejection r = names.check(metric, point);
        if (r != null) {
            out.reject(r.reason(), r.detail());
            return;
        }
        if (!Double.isFinite(value)) {
            out.reject(DeadLetterReason.NON_FINITE, SeriesNames.metric(metric) + " is " + value + "; values must be finite");
            return;
        }
        if (timeMs < 0) {
            out.reject(DeadLetterReason.BAD_TIMESTAMP, SeriesNames.metric(metric) + " has no valid time");
            return;
        }
        String entity = names.entity(scope, point, kafkaKey);
        if (entity == null) {
            out.reject(DeadLetterReason.NO_ENTITY, "none of the entity labels " + names.entityLabels() + " is set on "
                    + SeriesNames.metric(metric) + " and the record has no key (set --entity-labels)");
            return;
        }
        if (entity.length() > SeriesNames.MAX_ENTITY_BYTES / 4
                && entity.getBytes(StandardCharsets.UTF_8).length > SeriesNames.MAX_ENTITY_BYTES) {
            out.reject(DeadLetterReason.KEY_TOO_LARGE, "entity of more than " + SeriesNames.MAX_ENTITY_BYTES + " bytes");
            return;
        }
        String series = names.series(metric, point);
        if (SeriesNames.tooLong(series)) {
            out.reject(DeadLetterReason.LABELS_TOO_LARGE, "series name of " + series.length() + " characters ("
                    + SeriesNames.metric(series) + "); at most " + SeriesNames.MAX_NAME_CHARS);
            return;
        }
        out.sample(entity, series, names.feature(series, metric, point), timeMs, value, counter && rates);
    }

    /** Sends a sample that is already a rate per second: its series and feature are named {@code rate(...)}. */
    protected final void emitRate(SampleSink out, SeriesNames.Labels scope, SeriesNames.Labels point, byte[] kafkaKey,
            String metric, long timeMs, double value) {
        rateOut.out = out;
        emit(rateOut, scope, point, kafkaKey, metric, timeMs, value, false);
        rateOut.out = null;
    }

    /** Wraps the names of what passes through in {@code rate(...)}. */
    private static final class RateNames implements SampleSink {
        SampleSink out;

        @Override
        public void sample(String entity, String series, String feature, long timeMs, double value, boolean counter) {
            String s = SeriesNames.rate(series);
            out.sample(entity, s, feature.equals(series) ? s : SeriesNames.rate(feature), timeMs, value, false);
        }

        @Override
        public void vector(String key, long timeMs, List<String> names, double[] values) {
            out.vector(key, timeMs, names, values);
        }

        @Override
        public void reject(DeadLetterReason reason, String detail) {
            out.reject(reason, detail);
        }
    }

    private final RateNames rateOut = new RateNames();

    /** The record as a JSON tree, or null with the rejection in {@code why[0]}. */
    static JsonNode tree(byte[] value, Rejection[] why) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n == null || n.isMissingNode()) {
                why[0] = Rejection.of(DeadLetterReason.NOT_JSON, "empty record");
                return null;
            }
            return n;
        } catch (JsonProcessingException e) {
            why[0] = Rejection.of(DeadLetterReason.NOT_JSON, "not valid JSON: " + RecordParser.abbreviate(
                    String.valueOf(e.getOriginalMessage())) + " at byte " + e.getLocation().getByteOffset());
            return null;
        } catch (IOException e) {
            why[0] = Rejection.of(DeadLetterReason.NOT_JSON, "not readable as JSON: " + e.getMessage());
            return null;
        }
    }

    /** A JSON value's kind for a detail. */
    static String kind(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
