package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.CollectingSink;
import io.floorwatch.testing.KafkaBroker;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The graph reading one real Kafka topic per stream, bounded: reads to the end, commits offsets, finishes. */
class TopologyKafkaTest {
    @Test
    void boundedRunOverKafkaCommitsOffsetsAndRejectsWithCoordinates() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String p = "tk-";
        kafka.createTopics(1, p + "slot", p + "table", p + "security", p + "cage");
        kafka.send(
                p + "slot",
                List.of(
                        TopologyFilesTest.slot(
                                "k1", "GAME_PLAYED", "2026-11-22T11:00:01Z", "SM-9", ",\"wager_amount\":3"),
                        "garbage",
                        TopologyFilesTest.slot(
                                "k2", "JACKPOT", "2026-11-22T11:00:02Z", "SM-9", ",\"payout_amount\":12500"),
                        TopologyFilesTest.slot(
                                "k1", "GAME_PLAYED", "2026-11-22T11:00:01Z", "SM-9", ",\"wager_amount\":3")));
        kafka.send(
                p + "security",
                List.of(
                        "{\"event_id\":\"x1\",\"event_type\":\"ALARM\",\"event_timestamp\":\"2026-11-22T11:00:03Z\",\"location_id\":\"CAGE-1\"}"));

        FloorWatchConfig cfg = FloorWatchConfig.of(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                "tk-group",
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
                "checkpoint.interval",
                "1s",
                "job.parallelism",
                "1"));
        CollectingSink<FloorEvent> raw = new CollectingSink<>();
        CollectingSink<RejectedEvent> rejected = new CollectingSink<>();
        CollectingSink<MachineMinute> minutes = new CollectingSink<>();
        CollectingSink<Alert> alerts = new CollectingSink<>();
        Outputs out = new Outputs();
        out.rawEvents.add(Outputs.named("t", raw));
        out.rejected.add(Outputs.named("t", rejected));
        out.machineMinutes.add(Outputs.named("t", minutes));
        out.alerts.add(Outputs.named("t", alerts));
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg), Map.of(), out);
        env.execute("topology-kafka-test");

        assertEquals(3, raw.results().size(), "k1 (once), k2, x1");
        RejectedEvent r = rejected.results().get(0);
        assertEquals(
                List.of("INVALID_JSON", p + "slot", 0, 1L), List.of(r.reason(), r.topic(), r.partition(), r.offset()));
        assertEquals(1, minutes.results().size());
        assertEquals(300, minutes.results().get(0).coinInCents);
        assertEquals(
                java.util.Set.of("JACKPOT", "W2G_REQUIRED", "SECURITY_ALARM"),
                alerts.results().stream().map(a -> a.rule).collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, alerts.results().size());
    }
}
