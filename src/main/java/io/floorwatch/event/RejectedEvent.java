package io.floorwatch.event;

/**
 * A record that failed validation, with the reason; one row of {@code rejected_events}. Never held in Flink state:
 * it goes from the parser (or the control validator, or a sink's encoder) straight to its table.
 *
 * @param receivedAt processing time the record was rejected, epoch ms
 * @param payload the raw record as text (invalid UTF-8 replaced), cut to {@link #MAX_PAYLOAD_BYTES}
 */
public record RejectedEvent(
        long receivedAt,
        Source source,
        String topic,
        int partition,
        long offset,
        String reason,
        String message,
        String payload) {
    /** Largest payload kept, in bytes (SPEC §6: the raw record cut to 64 KiB). */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    @Override
    public String toString() {
        return "Rejected[" + source + " " + topic + "/" + partition + "@" + offset + " " + reason + ": " + message
                + "]";
    }
}
