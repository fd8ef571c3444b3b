package io.floorwatch.source;

import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Each Kafka record unparsed, as files and the simulator give theirs: the JACKPOT rule's read of a topic
 * ({@link InputSource#payouts}), whose {@code ParsePayouts} skips those that cannot pay out.
 */
public record RawKafkaRecords(Source source) implements KafkaRecordDeserializationSchema<RawRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
        out.collect(raw(source, r));
    }

    /** The record with its topic, partition, offset and append time, from {@code source}. */
    static RawRecord raw(Source source, ConsumerRecord<byte[], byte[]> r) {
        return new RawRecord(source, r.topic(), r.partition(), r.offset(), r.timestamp(), r.value());
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
