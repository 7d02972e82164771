package io.recon.streaming.metrics;

/** Why a record went to the dead-letter topic; the id is the {@code reason} label and header. */
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
    KEY_TOO_LARGE("key_too_large");

    private final String id;

    DeadLetterReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
