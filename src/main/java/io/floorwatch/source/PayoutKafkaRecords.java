package io.floorwatch.source;

import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The JACKPOT rule's read of a Kafka topic ({@link InputSource#payouts}): each record unparsed, as files and the
 * simulator give theirs; the job's {@code ParsePayouts} skips those that cannot pay out.
 */
public record PayoutKafkaRecords(Source source) implements KafkaRecordDeserializationSchema<RawRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
        out.collect(new RawRecord(source, r.topic(), r.partition(), r.offset(), r.timestamp(), r.value()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
