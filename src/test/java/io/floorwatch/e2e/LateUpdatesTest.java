package io.floorwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.SinkSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Allowed lateness: a late event within the bound updates its window, and the update replaces the earlier row in
 * ClickHouse (higher version) instead of adding to it, in machine_minute and in the floor_minute derived from it.
 * A later event, beyond the bound, reaches only the raw table.
 */
class LateUpdatesTest {
    static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);

    static String play(String id, int second, String wager) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":\""
                + T0.plusSeconds(second) + "\",\"machine_id\":\"SM-1\",\"floor_section\":\"A\",\"wager_amount\":"
                + wager + "}";
    }

    @Test
    void lateUpdatesReplaceTheirWindowsRow() throws Exception {
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String p = "late-" + run + "-";
        kafka.createTopics(1, p + "slot", p + "table", p + "security", p + "cage");
        String db = "late_" + run;
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.topics.slot",
                p + "slot",
                "kafka.topics.table",
                p + "table",
                "kafka.topics.security",
                p + "security",
                "kafka.topics.cage",
                p + "cage",
                "aggregation.allowed-lateness",
                "1min",
                "job.parallelism",
                "1",
                "watermark.idleness",
                "1s",
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db));
        cfg.putAll(Map.of(
                "clickhouse.create-schema",
                "true",
                "clickhouse.user",
                clickhouse.user(),
                "clickhouse.flush-interval",
                "200ms",
                "kafka.group-id",
                db));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        FloorWatchConfig config = FloorWatchConfig.of(cfg);
        SinkSettings.createSchemaIfConfigured(config);
        StreamExecutionEnvironment env = FloorWatchJob.environment(config);
        FloorWatchTopology.build(
                env, config, InputSources.fromConfig(config), Map.of(), ConfiguredOutputs.create(config));
        JobClient job = env.executeAsync("late-updates");
        try {
            String first = "toDateTime('" + T0.toString().replace("T", " ").replace("Z", "") + "', 'UTC')";
            String machineRow =
                    "SELECT coin_in, version FROM " + db + ".machine_minute FINAL WHERE window_start = " + first;
            // one record at a time, each after the watermark of the one before has gone through
            kafka.send(p + "slot", List.of(play("p1", 30, "1.00"), play("p2", 70, "2.00")));
            await(clickhouse, machineRow, "1.00\t1"); // the first minute fired on time
            kafka.send(p + "slot", List.of(play("p3", 40, "4.00"))); // late, within the allowed minute
            await(clickhouse, machineRow, "5.00\t2"); // fired again: the update replaces the row
            kafka.send(p + "slot", List.of(play("p4", 200, "8.00"))); // floor time passes the allowed lateness
            await(
                    clickhouse,
                    "SELECT count() FROM " + db + ".machine_minute FINAL",
                    "2"); // the 10:01 minute closed too
            kafka.send(p + "slot", List.of(play("p5", 50, "16.00"))); // beyond the allowed lateness: raw table only
            await(clickhouse, "SELECT count() FROM " + db + ".slot_events_live FINAL", "5");

            assertEquals("5.00\t2", clickhouse.query(machineRow).strip());
            assertEquals(
                    "5.00\t2",
                    clickhouse
                            .query("SELECT coin_in, spins FROM " + db + ".floor_minute FINAL WHERE window_start = "
                                    + first)
                            .strip(),
                    "floor_minute follows the machine row's update without counting it twice");
            clickhouse.execute("OPTIMIZE TABLE " + db + ".machine_minute FINAL");
            assertEquals(
                    1,
                    clickhouse.count("SELECT count() FROM " + db + ".machine_minute WHERE window_start = " + first),
                    "plain reads converge to one row");
        } finally {
            job.cancel().get();
        }
    }

    static void await(ClickHouseServer clickhouse, String sql, String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        String got = "";
        while (System.currentTimeMillis() < deadline) {
            got = clickhouse.query(sql).strip();
            if (got.equals(expected)) return;
            Thread.sleep(200);
        }
        assertEquals(expected, got, sql);
    }
}
