package io.floorwatch.control;

import io.floorwatch.event.Source;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka records of the control and watchlist topics, as they are: validation happens in {@link ControlValidator}. */
public class ControlRecordDeserializer implements KafkaRecordDeserializationSchema<ControlRecord> {
    private final String controlTopic;

    public ControlRecordDeserializer(String controlTopic) {
        this.controlTopic = controlTopic;
    }

    public static ControlRecord toRecord(ConsumerRecord<byte[], byte[]> r, String controlTopic) {
        Source source = r.topic().equals(controlTopic) ? Source.CONTROL : Source.WATCHLIST;
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        return new ControlRecord(source, r.topic(), r.partition(), r.offset(), r.timestamp(), key, r.value());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<ControlRecord> out) {
        out.collect(toRecord(r, controlTopic));
    }

    @Override
    public TypeInformation<ControlRecord> getProducedType() {
        return TypeInformation.of(ControlRecord.class);
    }
}
