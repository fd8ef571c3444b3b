package io.floorwatch.sink.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.floorwatch.event.Money;
import io.floorwatch.player.PlayerOffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka topic of offers (SPEC 8.2): JSON keyed by {@code player_id}, written in Kafka
 * transactions committed with Flink's checkpoints ({@link DeliveryGuarantee#EXACTLY_ONCE}; the final checkpoint commits
 * before a bounded run exits). After a failure and restore a {@code read_committed} consumer sees each offer once; a
 * new run from the earliest offsets with empty state may send the same {@code offer_id} again (consumers dedup on it).
 */
public final class OfferKafkaSink {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private OfferKafkaSink() {}

    /**
     * The transactional sink of offers into {@code topic}; {@code transactionTimeout} bounds how long a transaction
     * may stay open (at least a checkpoint interval, at most the broker's {@code transaction.max.timeout.ms}).
     */
    public static KafkaSink<PlayerOffer> create(
            String bootstrapServers, String topic, String transactionalIdPrefix, Duration transactionTimeout) {
        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(transactionTimeout.toMillis()));
        producer.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        producer.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return KafkaSink.<PlayerOffer>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(new Serializer(topic))
                .build();
    }

    /** Key: player_id (UTF-8); value: {@link #json}. */
    public static final class Serializer implements KafkaRecordSerializationSchema<PlayerOffer> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        public Serializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(PlayerOffer o, KafkaSinkContext ctx, Long timestamp) {
            return new ProducerRecord<>(topic, null, o.eventTime, o.playerId.getBytes(StandardCharsets.UTF_8), json(o));
        }
    }

    /** The offer as JSON, with the conventions of the webhook body: money as numbers, ISO-8601 UTC ms times, dates, nulls. */
    public static byte[] json(PlayerOffer o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(384);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("offer_id", o.offerId);
            g.writeStringField("player_id", o.playerId);
            g.writeStringField("rule_id", o.ruleId);
            g.writeStringField("reward", o.reward);
            g.writeNumberField("value", Money.toDollars(o.valueCents));
            g.writeStringField("gaming_day", o.gamingDay);
            g.writeNumberField("theo_win", Money.toDollars(o.theoWinCents));
            g.writeNumberField("coin_in", Money.toDollars(o.coinInCents));
            g.writeNumberField("minutes_played", o.minutesPlayed);
            if (o.machineId == null) g.writeNullField("machine_id");
            else g.writeStringField("machine_id", o.machineId);
            g.writeStringField("event_time", UTC_MILLIS.format(Instant.ofEpochMilli(o.eventTime)));
            g.writeStringField("detected_at", UTC_MILLIS.format(Instant.ofEpochMilli(o.detectedAt)));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
