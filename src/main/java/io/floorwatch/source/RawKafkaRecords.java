package io.floorwatch.source;

import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps each Kafka record as it arrived (bytes, topic, partition, offset, append time): parsing happens next, where a bad record can be rejected with its coordinates. */
public class RawKafkaRecords implements KafkaRecordDeserializationSchema<RawRecord> {
    private final Source source;

    public RawKafkaRecords(Source source) {
        this.source = source;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
        out.collect(new RawRecord(source, r.topic(), r.partition(), r.offset(), r.timestamp(), r.value()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
