package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.CollectingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole graph on a bounded JSONL input in a local MiniCluster: exact rows for a scripted, out-of-order stream. */
class TopologyFilesTest {
    @TempDir
    static Path dir;

    static final CollectingSink<FloorEvent> raw = new CollectingSink<>();
    static final CollectingSink<RejectedEvent> rejected = new CollectingSink<>();
    static final CollectingSink<MachineMinute> machineMinutes = new CollectingSink<>();
    static final CollectingSink<FloorMinute> floorMinutes = new CollectingSink<>();
    static final CollectingSink<TableMinute> tableMinutes = new CollectingSink<>();
    static final CollectingSink<Alert> alerts = new CollectingSink<>();

    static String slot(String id, String type, String ts, String machine, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + ts
                + "\",\"machine_id\":\"" + machine + "\"" + more + "}";
    }

    @BeforeAll
    static void runJob() throws Exception {
        Files.write(
                dir.resolve("slot.jsonl"),
                List.of(
                        slot(
                                "s1",
                                "GAME_PLAYED",
                                "2026-11-22T10:00:01Z",
                                "SM-1",
                                ",\"wager_amount\":1.00,\"payout_amount\":0,\"player_id\":\"P1\",\"floor_section\":\"A\""),
                        slot(
                                "s3",
                                "GAME_PLAYED",
                                "2026-11-22T10:00:30Z",
                                "SM-1",
                                ",\"wager_amount\":0.10,\"payout_amount\":0.20,\"player_id\":\"P2\""),
                        slot(
                                "s2",
                                "GAME_PLAYED",
                                "2026-11-22T10:00:28Z",
                                "SM-1",
                                ",\"wager_amount\":0.20,\"player_id\":\"P1\""), // out of order
                        slot(
                                "s3",
                                "GAME_PLAYED",
                                "2026-11-22T10:00:30Z",
                                "SM-1",
                                ",\"wager_amount\":0.10,\"payout_amount\":0.20,\"player_id\":\"P2\""), // duplicate
                        slot(
                                "s4",
                                "JACKPOT",
                                "2026-11-22T10:00:40Z",
                                "SM-2",
                                ",\"payout_amount\":\"1500.00\",\"floor_section\":\"A\""),
                        slot("s5", "ERROR", "2026-11-22T10:00:59.999Z", "SM-2", ",\"error_code\":\"3F\""),
                        slot("s6", "BILL_IN", "2026-11-22T10:01:02Z", "SM-1", ",\"amount\":20"),
                        slot(
                                "s7",
                                "GAME_PLAYED",
                                "2026-11-22T10:00:58Z",
                                "SM-2",
                                ",\"wager_amount\":5"), // out of order across the minute, within 5 s
                        "{\"event_id\":\"bad\",",
                        slot("s8", "GAME_PLAYED", "2026-11-22T10:02:10Z", "SM-3", ",\"wager_amount\":2")));
        Files.write(
                dir.resolve("table.jsonl"),
                List.of(
                        "{\"event_id\":\"t1\",\"event_type\":\"BUY_IN\",\"event_timestamp\":\"2026-11-22T10:00:05Z\",\"table_id\":\"TG-1\",\"amount\":500,\"payment_method\":\"CASH\",\"game_type\":\"BLACKJACK\"}",
                        "{\"event_id\":\"t2\",\"event_type\":\"BET\",\"event_timestamp\":\"2026-11-22T10:00:06Z\",\"table_id\":\"TG-1\"}",
                        "{\"event_id\":\"t3\",\"event_type\":\"PAYOUT\",\"event_timestamp\":\"2026-11-22T10:00:07Z\",\"table_id\":\"TG-1\",\"amount\":\"50.50\"}"));

        FloorWatchConfig cfg = FloorWatchConfig.of(Map.of(
                "sources.mode",
                "files",
                "sources.files.dir",
                dir.toString(),
                "sources.bounded",
                "true",
                "checkpoint.interval",
                "1s",
                "job.parallelism",
                "2",
                "state.backend",
                "hashmap"));
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        Outputs out = new Outputs();
        out.rawEvents.add(Outputs.named("test", raw));
        out.rejected.add(Outputs.named("test", rejected));
        out.machineMinutes.add(Outputs.named("test", machineMinutes));
        out.floorMinutes.add(Outputs.named("test", floorMinutes));
        out.tableMinutes.add(Outputs.named("test", tableMinutes));
        out.alerts.add(Outputs.named("test", alerts));
        FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg), Map.of(), out);
        env.execute("topology-files-test");
    }

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void machineMinuteRowsAreExact() {
        List<MachineMinute> rows = machineMinutes.results();
        rows.sort(Comparator.comparing((MachineMinute m) -> m.windowStart).thenComparing(m -> m.machineId));
        assertEquals(4, rows.size(), rows.toString());
        MachineMinute a = rows.get(0);
        assertEquals(at("2026-11-22T10:00:00Z"), a.windowStart);
        assertEquals("SM-1", a.machineId);
        assertEquals("A", a.floorSection);
        assertEquals(3, a.spins);
        assertEquals(130, a.coinInCents);
        assertEquals(20, a.coinOutCents);
        assertEquals(2, a.players);
        MachineMinute b = rows.get(1);
        assertEquals("SM-2", b.machineId);
        assertEquals(1, b.spins);
        assertEquals(500, b.coinInCents);
        assertEquals(150000, b.coinOutCents);
        assertEquals(1, b.jackpots);
        assertEquals(1, b.errors);
        assertEquals(0, b.players);
        MachineMinute c = rows.get(2);
        assertEquals(at("2026-11-22T10:01:00Z"), c.windowStart);
        assertEquals("SM-1", c.machineId);
        assertEquals("UNKNOWN", c.floorSection, "no section on the event and no layout");
        assertEquals(2000, c.billsInCents);
        assertEquals(0, c.spins);
        assertEquals("SM-3", rows.get(3).machineId);
    }

    @Test
    void floorMinuteSumsTheSectionsMachines() {
        List<FloorMinute> rows = floorMinutes.results();
        FloorMinute a = rows.stream()
                .filter(f -> f.floorSection.equals("A") && f.windowStart == at("2026-11-22T10:00:00Z"))
                .findFirst()
                .orElseThrow();
        assertEquals(4, a.spins);
        assertEquals(630, a.coinInCents);
        assertEquals(150020, a.coinOutCents);
        assertEquals(2, a.activeMachines);
        assertEquals(3, rows.size(), rows.toString());
    }

    @Test
    void tableMinute() {
        List<TableMinute> rows = tableMinutes.results();
        assertEquals(1, rows.size());
        TableMinute t = rows.get(0);
        assertEquals("BLACKJACK", t.gameType);
        assertEquals(50000, t.dropCents);
        assertEquals(5050, t.payoutsCents);
        assertEquals(1, t.bets);
    }

    @Test
    void duplicatesCountOnceAndBadRecordsAreRejected() {
        assertEquals(11, raw.results().size(), "8 distinct valid slot events + 3 table events");
        List<RejectedEvent> rej = rejected.results();
        assertEquals(1, rej.size());
        assertEquals("INVALID_JSON", rej.get(0).reason());
        assertEquals("slot.jsonl", rej.get(0).topic());
        assertEquals(9, rej.get(0).offset(), "line number");
    }

    @Test
    void jackpotAlert() {
        List<Alert> a = alerts.results();
        assertTrue(
                a.stream()
                        .anyMatch(
                                x -> x.rule.equals("JACKPOT") && x.entityId.equals("SM-2") && x.amountCents == 150000),
                a.toString());
    }
}
