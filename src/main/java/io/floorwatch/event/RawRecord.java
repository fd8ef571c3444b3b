package io.floorwatch.event;

/**
 * A record as it arrived, before parsing: the bytes and where they came from.
 * A Flink POJO; {@code offset} is the Kafka offset, or the line / sequence number for files and the simulator.
 */
public class RawRecord {
    public Source source;
    public String topic;
    public int partition;
    public long offset;
    /** Kafka append time, or creation time; epoch ms. */
    public long timestamp;

    public byte[] payload;

    public RawRecord() {}

    public RawRecord(Source source, String topic, int partition, long offset, long timestamp, byte[] payload) {
        this.source = source;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.payload = payload;
    }
}
