package io.floorwatch.event;

/** The reason codes of {@code rejected_events.reason}. */
public enum RejectReason {
    /** Not a JSON object (or not UTF-8, or truncated). */
    INVALID_JSON,
    /** A required field is absent, null or an empty string. */
    MISSING_FIELD,
    /** A field has a value of the wrong JSON type, or a number that is not finite. */
    WRONG_TYPE,
    /** A money value below zero. */
    NEGATIVE_AMOUNT,
    /** A money value above validation.max-amount. */
    AMOUNT_TOO_LARGE,
    /** A money value with more than 2 decimals (by value: 1.500 is fine, 1.005 is not). */
    INVALID_PRECISION,
    /** An event_type the stream does not know. */
    UNKNOWN_EVENT_TYPE,
    /** A timestamp that is no valid ISO-8601 or epoch-millisecond time, or is before 1970. */
    INVALID_TIMESTAMP,
    /** A timestamp more than validation.max-future-skew ahead of the wall clock. */
    FUTURE_TIMESTAMP,
    /** A value outside its allowed set or range (payment_method, direction, hopper_level). */
    INVALID_VALUE,
    /** A record larger than validation.max-payload-bytes. */
    PAYLOAD_TOO_LARGE,
    /** The same field twice in one object. */
    DUPLICATE_FIELD,
    /** A valid record that a sink could not encode for its table: kept here instead of stopping the job's output. */
    UNENCODABLE
}
