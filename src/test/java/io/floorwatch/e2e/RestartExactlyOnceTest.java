package io.floorwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.FailOnceSink;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactly once after a failure: the same input through a failure-free run and through a run that fails in the
 * middle and restarts from its last checkpoint leaves every ClickHouse table with the same rows, counted with FINAL
 * as the dashboards do, and (after merges) without it.
 */
class RestartExactlyOnceTest {
    static final int EVENTS = 30_000;
    static final Instant T0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    static ClickHouseServer clickhouse;
    static String clean;
    static String failed;
    static FailOnceSink<FloorEvent> failure;

    @BeforeAll
    static void runTwice() throws Exception {
        clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "restart-" + run + "-";
        kafka.createTopics(2, prefix + "slot", prefix + "table", prefix + "security", prefix + "cage");
        List<String> slot = new ArrayList<>();
        List<String> cage = new ArrayList<>();
        long[] coinIn = new long[60], coinOut = new long[60], games = new long[60];
        for (int i = 0; i < EVENTS; i++) {
            Instant t = T0.plusMillis(i * 40L);
            String machine = String.format("SM-%03d", i % 60);
            String type = i % 997 == 0 ? "JACKPOT" : i % 301 < 12 && i % 2 == 0 ? "ERROR" : "GAME_PLAYED";
            // SPEC 8.5: each machine sends its SAS meters once per 1,500 events, coin in just below a 10-digit rollover
            if (type.equals("GAME_PLAYED") && i % 1500 >= 1440) type = "METERS";
            int m = i % 60;
            String money = switch (type) {
                case "JACKPOT" -> ",\"payout_amount\":\"" + (1200 + i % 5000) + ".25\"";
                case "GAME_PLAYED" ->
                    ",\"wager_amount\":" + (i % 9 + 1) + ".25,\"payout_amount\":" + (i % 4) + ",\"player_id\":\"P"
                            + (i % 40) + "\"";
                case "METERS" ->
                    ",\"meters\":{\"coin_in\":" + (9_999_990_000L + coinIn[m]) % 10_000_000_000L + ",\"coin_out\":"
                            + coinOut[m] + ",\"jackpot\":0,\"bills_in\":0,\"games_played\":" + games[m] + "}";
                default -> "";
            };
            if (type.equals("GAME_PLAYED")) {
                coinIn[m] += (i % 9 + 1) * 100L + 25;
                coinOut[m] += (i % 4) * 100L;
                games[m]++;
            }
            slot.add("{\"event_id\":\"r" + i + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + t
                    + "\",\"machine_id\":\"" + machine + "\",\"floor_section\":\"" + (char) ('A' + i % 60 / 10) + "\""
                    + money + "}");
            if (i % 500 == 0) slot.add("{\"event_id\":\"bad" + i + "\"");
            if (i % 250 == 0) {
                cage.add("{\"event_id\":\"c" + i + "\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + t
                        + "\",\"player_id\":\"P" + (i % 7) + "\",\"amount\":\"" + (8000 + i % 1999)
                        + ".00\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\"}");
            }
        }
        // keyed by machine over 2 partitions: each partition in order, the partitions read at their own pace
        kafka.send(
                prefix + "slot",
                slot,
                v -> v.contains("\"machine_id\":\"") ? v.replaceAll(".*\"machine_id\":\"([^\"]+)\".*", "$1") : null);
        kafka.send(prefix + "cage", cage);

        clean = "clean_" + run;
        failed = "failed_" + run;
        runJob(kafka, prefix, clean, null);
        failure = new FailOnceSink<>(EVENTS / 4, 2); // per writer: the raw events are split over 2 writers
        runJob(kafka, prefix, failed, failure);
        for (String db : List.of(clean, failed)) {
            for (String table : TABLES.keySet()) clickhouse.execute("OPTIMIZE TABLE " + db + "." + table + " FINAL");
        }
    }

    static void runJob(KafkaBroker kafka, String prefix, String db, FailOnceSink<FloorEvent> failure) throws Exception {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                db,
                "kafka.topics.slot",
                prefix + "slot",
                "kafka.topics.table",
                prefix + "table",
                "kafka.topics.security",
                prefix + "security",
                "kafka.topics.cage",
                prefix + "cage",
                "sources.bounded",
                "true",
                "checkpoint.interval",
                "300ms",
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db));
        cfg.putAll(Map.of(
                "clickhouse.create-schema",
                "true",
                "clickhouse.user",
                clickhouse.user(),
                "casino.timezone",
                "UTC",
                "clickhouse.flush-interval",
                "200ms",
                "clickhouse.batch-rows",
                "700"));
        cfg.putAll(Map.of(
                "offers.fp.min-coin-in",
                "50",
                "offers.fp.reward",
                "FREE_PLAY",
                "offers.fp.value",
                "10",
                "offers.vip.min-theo",
                "8",
                "offers.vip.min-minutes",
                "5",
                "offers.vip.reward",
                "HOTEL",
                "offers.vip.value",
                "100",
                "kafka.offers.transactional-id-prefix",
                db + "-offers",
                "kafka.topics.offers",
                prefix + "offers"));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        FloorWatchConfig config = FloorWatchConfig.of(cfg);
        io.floorwatch.topology.SinkSettings.createSchemaIfConfigured(config);
        StreamExecutionEnvironment env = FloorWatchJob.environment(config);
        Outputs outputs = ConfiguredOutputs.create(config);
        if (failure != null) outputs.rawEvents.add(Outputs.named("fail-once", failure));
        FloorWatchTopology.build(env, config, InputSources.fromConfig(config), Map.of(), outputs);
        env.execute("restart-" + db);
    }

    /** Each table and the columns that identify its content (times of processing left out: they differ by design). */
    static final Map<String, String> TABLES = Map.of(
            "slot_events_live",
                    "event_id, event_type, event_timestamp, machine_id, wager_amount, payout_amount, `partition`, `offset`",
            "cage_transactions_live", "event_id, player_id, amount, event_timestamp",
            "machine_minute",
                    "window_start, machine_id, floor_section, spins, coin_in, coin_out, jackpots, errors, players",
            "floor_minute", "window_start, floor_section, spins, coin_in, coin_out, active_machines",
            "player_sessions", "player_id, session_start, session_end, coin_in, games, theo_win",
            "alerts", "alert_id, rule, status, entity_id, event_time, amount",
            "rejected_events", "topic, `partition`, `offset`, reason",
            "machine_meter_deltas", "window_start, machine_id, coin_in, coin_out, games_played, rollovers, resets",
            "player_ratings",
                    "player_id, gaming_day, coin_in, games, avg_bet, theo_win, minutes_played, sessions, last_seen, version",
            "player_offers",
                    "offer_id, player_id, rule_id, reward, value, gaming_day, theo_win, coin_in, minutes_played, machine_id, event_time");

    /** The scripted meters agree with the events, rollovers included: no METER_VARIANCE, no METER_RESET. */
    @Test
    void metersAgreeWithTheEvents() {
        assertTrue(
                clickhouse.count("SELECT sum(rollovers) FROM " + clean + ".machine_meter_deltas FINAL") > 0,
                "rollovers");
        assertEquals(
                0,
                clickhouse.count("SELECT count() FROM " + clean
                        + ".alerts FINAL WHERE rule IN ('METER_VARIANCE', 'METER_RESET')"),
                clickhouse.query("SELECT summary FROM " + clean + ".alerts FINAL WHERE rule LIKE 'METER%' LIMIT 5"));
    }

    @Test
    void theFailureHappened() {
        assertTrue(failure.hasFailed(), "the injected failure must have happened in the middle of the stream");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "slot_events_live",
        "cage_transactions_live",
        "machine_minute",
        "floor_minute",
        "player_sessions",
        "alerts",
        "rejected_events",
        "machine_meter_deltas",
        "player_ratings",
        "player_offers"
    })
    void sameRowsAsAFailureFreeRun(String table) {
        String cols = TABLES.get(table);
        String fingerprint = "SELECT count(), sum(cityHash64(" + cols + ")) FROM %s." + table;
        String withFinal = fingerprint + " FINAL";
        String expected = clickhouse.query(String.format(withFinal, clean));
        assertTrue(!expected.startsWith("0\t"), table + " must not be empty");
        String diff = clickhouse.query(String.format(
                "SELECT 'missing', " + cols + " FROM %s." + table + " FINAL WHERE (" + cols
                        + ") NOT IN (SELECT " + cols + " FROM %s." + table + " FINAL) UNION ALL SELECT 'extra', " + cols
                        + " FROM %s." + table
                        + " FINAL WHERE (" + cols + ") NOT IN (SELECT " + cols + " FROM %s." + table
                        + " FINAL) LIMIT 10",
                clean,
                failed,
                failed,
                clean));
        assertEquals(
                expected,
                clickhouse.query(String.format(withFinal, failed)),
                table + " with FINAL; differences:\n" + diff);
        assertEquals(
                expected, clickhouse.query(String.format(fingerprint, failed)), table + " without FINAL, after merges");
        assertEquals(expected, clickhouse.query(String.format(fingerprint, clean)), table + " clean run without FINAL");
    }
}
