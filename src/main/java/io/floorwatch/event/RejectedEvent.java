package io.floorwatch.event;

/** A record that failed validation, with the reason; one row of {@code rejected_events}. A Flink POJO. */
public class RejectedEvent {
    /** Largest payload kept, in bytes (SPEC §6: the raw record cut to 64 KiB). */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Processing time the record was rejected, epoch ms. */
    public long receivedAt;

    public Source source;
    public String topic;
    public int partition;
    public long offset;
    public String reason;
    public String message;
    /** The raw record as text (invalid UTF-8 replaced), cut to {@link #MAX_PAYLOAD_BYTES}. */
    public String payload;

    public RejectedEvent() {}

    public RejectedEvent(
            long receivedAt,
            Source source,
            String topic,
            int partition,
            long offset,
            String reason,
            String message,
            String payload) {
        this.receivedAt = receivedAt;
        this.source = source;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.reason = reason;
        this.message = message;
        this.payload = payload;
    }

    @Override
    public String toString() {
        return "Rejected[" + source + " " + topic + "/" + partition + "@" + offset + " " + reason + ": " + message
                + "]";
    }
}
