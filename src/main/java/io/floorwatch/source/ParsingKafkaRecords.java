package io.floorwatch.source;

import io.floorwatch.event.EventParser;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates each Kafka record inside the source, with its topic, partition, offset and append time.
 * Parsing here, not after the source, gives the event time to the source itself, so watermarks are kept per
 * Kafka partition: a partition read ahead of another never makes the other's events late.
 */
public record ParsingKafkaRecords(Source source, EventParser parser)
        implements KafkaRecordDeserializationSchema<ParsedRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<ParsedRecord> out) {
        out.collect(parser.parse(RawKafkaRecords.raw(source, r), System.currentTimeMillis()));
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
