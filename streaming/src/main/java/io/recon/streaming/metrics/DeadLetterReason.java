package io.recon.streaming.metrics;

/**
 * Why a record went to the dead-letter topic; the id is the {@code reason} label and header. The first group
 * applies to every input format; the second to the shipper formats (decoding and assembly of samples); the last
 * to avro.
 */
public enum DeadLetterReason {
    NULL_VALUE("null_value"),
    TOO_LARGE("too_large"),
    NOT_JSON("not_json"),
    NOT_OBJECT("not_object"),
    WRONG_TYPE("wrong_type"),
    MISSING_FIELD("missing_field"),
    WRONG_DIMENSION("wrong_dimension"),
    NON_FINITE("non_finite"),
    SCORING_FAILED("scoring_failed"),
    NO_MODEL("no_model"),
    DUPLICATE_FIELD("duplicate_field"),
    KEY_TOO_LARGE("key_too_large"),
    /** InfluxDB line protocol that does not parse */
    BAD_LINE_PROTOCOL("bad_line_protocol"),
    /** bytes that are not a protobuf message of the expected type */
    BAD_PROTOBUF("bad_protobuf"),
    /** a timestamp that is not a time, or a sample far ahead of the wall clock */
    BAD_TIMESTAMP("bad_timestamp"),
    /** none of the entity labels is set and the record has no Kafka key */
    NO_ENTITY("no_entity"),
    /** a record that decodes but holds no numeric sample (only text fields, only histograms) */
    NO_SAMPLES("no_samples"),
    /** a sample with too many labels or too long a name */
    LABELS_TOO_LARGE("labels_too_large"),
    /** an entity already has as many series as recon.assembly.max.series allows */
    TOO_MANY_SERIES("too_many_series"),
    /** a sample for a step of its entity that was already closed (later than the grace period) */
    LATE("late"),
    /** with recon.assembly.missing=skip: a step that lacks some of the entity's series */
    INCOMPLETE("incomplete"),
    /** avro: bytes that are not the Confluent wire format (magic byte 0, a 4-byte schema id, Avro binary) */
    NOT_AVRO("not_avro"),
    /** avro: a schema id the registry does not know, or a schema that is not Avro */
    UNKNOWN_SCHEMA("unknown_schema"),
    /** avro: bytes that do not decode with the schema their id names */
    BAD_AVRO("bad_avro");

    private final String id;

    DeadLetterReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
