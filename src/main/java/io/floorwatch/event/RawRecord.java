package io.floorwatch.event;

/**
 * A record as it arrived, before parsing: the bytes and where they came from. Never held in Flink state: it goes
 * from the source to the parser (serialized as a POJO, like every Java record).
 *
 * @param offset the Kafka offset, or the line / sequence number for files and the simulator
 * @param timestamp Kafka append time, or creation time; epoch ms
 */
public record RawRecord(Source source, String topic, int partition, long offset, long timestamp, byte[] payload) {}
