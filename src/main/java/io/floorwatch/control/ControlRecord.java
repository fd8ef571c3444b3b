package io.floorwatch.control;

import io.floorwatch.event.Source;
import java.nio.charset.StandardCharsets;

/**
 * One message of the control topic or the watchlist topic as it arrived (Kafka, or a line of control.jsonl /
 * watchlist.jsonl), before validation. Never held in Flink state: it goes from its source to the validator
 * (serialized as a POJO, like every Java record).
 *
 * @param source {@link Source#CONTROL} or {@link Source#WATCHLIST}
 * @param offset Kafka offset, or the 0-based line number in files mode
 * @param timestamp Kafka record timestamp (epoch ms), or the file's modification time in files mode: deterministic
 *     per record
 * @param key the Kafka record key as UTF-8 text; null when absent
 * @param payload null for a Kafka tombstone
 */
public record ControlRecord(
        Source source, String topic, int partition, long offset, long timestamp, String key, byte[] payload) {
    /** The no-op record of an empty stream (a collection source cannot be empty): no source, the validator skips it. */
    public static final ControlRecord NONE = new ControlRecord(null, null, 0, 0, 0, null, null);

    public static ControlRecord of(
            Source source, String topic, int partition, long offset, long timestamp, String key, String json) {
        return new ControlRecord(
                source,
                topic,
                partition,
                offset,
                timestamp,
                key,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** "topic/partition": the unit offsets are ordered in. */
    public String position() {
        return topic + "/" + partition;
    }

    public String payloadText() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return source + "[" + topic + "/" + partition + "@" + offset + " " + key + "]";
    }
}
