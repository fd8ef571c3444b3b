package io.floorwatch.simulator;

/** Kinds of deliberately bad records; each must be rejected by validation (SPEC §4). */
public enum Malformed {
    /** Cut off half-way, or not JSON at all. */
    INVALID_JSON,
    /** Without one field that its stream and type require. */
    MISSING_FIELD,
    /** A money field, the entity or the event type of the wrong JSON type. */
    WRONG_TYPE,
    NEGATIVE_AMOUNT,
    /** A type that none of the stream's event types has. */
    UNKNOWN_EVENT_TYPE,
    /** An amount with a fraction of a cent. */
    THREE_DECIMALS,
    BAD_TIMESTAMP
}
