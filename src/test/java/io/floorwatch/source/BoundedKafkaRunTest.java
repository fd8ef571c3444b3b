package io.floorwatch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.topology.FloorWatchJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded runs over real Kafka as SPEC §3 says: a missing topic is named at start; the offsets read are committed. */
class BoundedKafkaRunTest {
    private static Map<String, String> config(KafkaBroker kafka, String p, Path out) {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                p + "group",
                "kafka.topics.slot",
                p + "slot",
                "kafka.topics.table",
                p + "table",
                "kafka.topics.security",
                p + "security",
                "kafka.topics.cage",
                p + "cage",
                "sources.bounded",
                "true",
                "kafka.starting-offsets",
                "earliest",
                "kafka.topics.offers",
                p + "offers"));
        // no checkpoint happens in so short a run: only the commit at the end can record the offsets
        cfg.putAll(Map.of(
                "checkpoint.interval",
                "10min",
                "output.dir",
                out.toString(),
                "checkpoint.dir",
                out.resolve("cp").toUri().toString()));
        return cfg;
    }

    @Test
    void aMissingTopicIsAConfigurationErrorNamingIt(@TempDir Path out) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String p = "missing-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        kafka.createTopics(1, p + "slot", p + "security", p + "cage");
        Map<String, String> cfg = config(kafka, p, out);
        cfg.put("kafka.topics.table", p + "tabel");
        ConfigException e = assertThrows(ConfigException.class, () -> FloorWatchJob.run(FloorWatchConfig.of(cfg)));
        assertEquals(
                "kafka.topics.table: topic '" + p + "tabel' does not exist on " + kafka.bootstrapServers()
                        + " (create it, empty if the floor has no such stream)",
                e.getMessage());
    }

    @Test
    void aBoundedRunShorterThanACheckpointCommitsTheOffsetsItRead(@TempDir Path out) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String p = "bounded-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        kafka.createTopics(2, p + "slot", p + "table", p + "security", p + "cage");
        Instant t = Instant.now().minusSeconds(600);
        kafka.send(
                p + "slot",
                List.of(
                        "{\"event_id\":\"a\",\"event_type\":\"HEARTBEAT\",\"event_timestamp\":\"" + t
                                + "\",\"machine_id\":\"SM-1\"}",
                        "{\"event_id\":\"b\",\"event_type\":\"HEARTBEAT\",\"event_timestamp\":\"" + t.plusSeconds(1)
                                + "\",\"machine_id\":\"SM-2\"}",
                        "not json"));
        kafka.send(
                p + "cage",
                List.of(
                        "{\"event_id\":\"c\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + t
                                + "\",\"player_id\":\"P-1\",\"amount\":\"10\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\"}"));
        FloorWatchConfig cfg = FloorWatchConfig.of(config(kafka, p, out));
        Map<TopicPartition, Long> end = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        end.putAll(KafkaEndOffsets.capture(cfg));
        FloorWatchJob.run(cfg);

        Map<TopicPartition, Long> committed = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(p + "group")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
        assertEquals(4L, end.values().stream().mapToLong(Long::longValue).sum(), "four records in all");
        assertEquals(end, committed, "every partition committed at its end offset");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertEquals(
                    true,
                    admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(p + "offers"),
                    "the offers topic is created at start when missing");
        }
    }
}
