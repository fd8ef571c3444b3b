package io.floorwatch.control;

import io.floorwatch.event.Source;
import java.nio.charset.StandardCharsets;

/**
 * One message of the control topic or the watchlist topic as it arrived (Kafka, or a line of control.jsonl /
 * watchlist.jsonl), before validation. A Flink POJO. {@code payload} is null for a Kafka tombstone.
 */
public class ControlRecord {
    /** {@link Source#CONTROL} or {@link Source#WATCHLIST}. */
    public Source source;

    public String topic;
    public int partition;
    /** Kafka offset, or the 0-based line number in files mode. */
    public long offset;
    /** Kafka record timestamp (epoch ms), or the file's modification time in files mode: deterministic per record. */
    public long timestamp;
    /** The Kafka record key as UTF-8 text; null when absent. */
    public String key;

    public byte[] payload;

    public ControlRecord() {}

    public ControlRecord(
            Source source, String topic, int partition, long offset, long timestamp, String key, byte[] payload) {
        this.source = source;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.payload = payload;
    }

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
