package io.floorwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.sink.clickhouse.Tables;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.FloorWatchJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC 8.5 end to end: SAS exception codes and meters through real Kafka, the whole bounded job, a real ClickHouse and
 * a real webhook endpoint; then the same input read again (a replay) into the same database, which must change no
 * table.
 */
class SasMetersEndToEndTest {
    static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    static final Set<String> SAS_RULES = Set.of("INTEGRITY_EVENT", "POWER_OFF_ACCESS", "METER_RESET", "METER_VARIANCE");

    static ClickHouseServer clickhouse;
    static WebhookReceiver webhook;
    static KafkaBroker kafka;
    static String db;
    static String prefix;
    static String run;
    /** Every table as read after the first run (FINAL, all columns but the alerts' detected_at). */
    static Map<String, String> firstRun;

    static String slot(String id, String type, int sec, String machine, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\""
                + T0.plusSeconds(sec) + "\",\"machine_id\":\"" + machine + "\"" + more + "}";
    }

    static String meters(
            String id,
            int sec,
            String machine,
            long coinIn,
            long coinOut,
            long jackpot,
            long bills,
            long games,
            String digits) {
        return slot(
                id,
                "METERS",
                sec,
                machine,
                ",\"floor_section\":\"C\",\"meters\":{\"coin_in\":" + coinIn + ",\"coin_out\":" + coinOut
                        + ",\"jackpot\":" + jackpot + ",\"bills_in\":" + bills + ",\"games_played\":" + games
                        + (digits == null ? "" : ",\"meter_digits\":" + digits) + "}");
    }

    static String game(String id, int sec, String machine, String wager) {
        return slot(id, "GAME_PLAYED", sec, machine, ",\"wager_amount\":" + wager + ",\"floor_section\":\"C\"");
    }

    static String error(String id, int sec, String machine, String code) {
        return slot(id, "ERROR", sec, machine, ",\"error_code\":" + code);
    }

    static String minute(int m) {
        return "toDateTime('"
                + T0.plusSeconds(60L * m).toString().replace("T", " ").replace("Z", "") + "', 'UTC')";
    }

    @BeforeAll
    static void runTheJob() throws Exception {
        clickhouse = ClickHouseServer.shared();
        webhook = WebhookReceiver.start();
        kafka = KafkaBroker.shared();
        run = UUID.randomUUID().toString().substring(0, 8);
        db = "sas_" + run;
        prefix = "sas-" + run + "-";
        kafka.createTopics(1, prefix + "slot", prefix + "table", prefix + "security", prefix + "cage");
        kafka.send(
                prefix + "slot",
                List.of(
                        meters("a0", 10, "SM-A", 1_000_000, 500_000, 0, 200_000, 1_000, null),
                        meters(
                                "r0",
                                12,
                                "SM-R",
                                99_999_900,
                                90_000_000,
                                0,
                                0,
                                99_999_999,
                                "8"), // 8 digits, near the top
                        meters("v0", 14, "SM-V", 0, 0, 0, 0, 0, null),
                        meters("w0", 14, "SM-W", 0, 0, 0, 0, 0, null),
                        game("a1", 20, "SM-A", "5.00"),
                        game("v1", 20, "SM-V", "50.00"),
                        game("w1", 20, "SM-W", "50.00"),
                        game("r1", 30, "SM-R", "1.50"),
                        game("a2", 40, "SM-A", "3.00"),
                        meters("a3", 50, "SM-A", 1_000_800, 500_000, 0, 202_000, 1_002, null), // +8.00 = the wagers
                        meters(
                                "r2", 70, "SM-R", 50, 5, 0, 0, 3,
                                "8"), // rollovers: coin in, coin out (exactly 0.9 x 10^8), games
                        meters("v2", 74, "SM-V", 15_001, 0, 0, 0, 1, null), // $150.01 against $50.00: $100.01 off
                        meters(
                                "w2", 74, "SM-W", 15_000, 0, 0, 0, 1,
                                null), // $150.00 against $50.00: exactly $100, inside
                        meters("o1", 82, "SM-O", 100, 0, 0, 0, 1, null), // arrives before the older o0 ...
                        meters("o0", 80, "SM-O", 0, 0, 0, 0, 0, null), // ... which is the base (in event time)
                        game("o2", 81, "SM-O", "1.00"),
                        meters("a4", 110, "SM-A", 1_001_000, 500_000, 0, 202_000, 1_003, null),
                        game("a5", 108, "SM-A", "2.00"), // 2 s older than a4, arrives after it: counts
                        meters("r3", 130, "SM-R", 0, 0, 0, 0, 0, "8"), // reset (RAM clear)
                        error("e1", 200, "SM-E", "\"0x23\""), // SERVICE (hopper empty)
                        error("e2", 201, "SM-E", "\"0x61\""), // FAULT
                        error("e3", 202, "SM-E", "\"7A\""), // INTEGRITY (soft meters reset)
                        error("e4", 203, "SM-E", "98"), // POWER_OFF_ACCESS, a number
                        error("e5", 204, "SM-E", "\"84\""), // OTHER by default, SERVICE by override
                        error("e6", 250, "SM-S", "\"0X027\""), // SERVICE only: a row with errors 0
                        slot("bad1", "METERS", 300, "SM-B", ""), // rejected: no meters
                        meters("bad2", 300, "SM-B", -5, 0, 0, 0, 0, null), // rejected: negative counter
                        slot("z", "HEARTBEAT", 720, "SM-Z", "")));
        runJob("first");
        firstRun = readAllTables();
        runJob("replay");
    }

    static void runJob(String name) throws Exception {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "kafka.group-id",
                "sas-" + run + "-" + name,
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
                "2s",
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db));
        cfg.putAll(Map.of(
                "clickhouse.create-schema",
                "true",
                "clickhouse.user",
                clickhouse.user(),
                "webhook.url",
                webhook.url("/floor"),
                "casino.timezone",
                "UTC",
                "rules.sas-codes.0x84",
                "SERVICE",
                "kafka.starting-offsets",
                "earliest"));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        FloorWatchJob.run(FloorWatchConfig.of(cfg));
    }

    static Map<String, String> readAllTables() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : Tables.ALL) {
            if (table.equals(Tables.ALERT_DELIVERIES))
                continue; // an audit log of attempts: a replay's re-sends are new attempts
            // an alert re-derived by the replay has the same id and content but a new detected_at: its row replaces the
            // first (same key), so plain reads converge to FINAL; every other row is identical and deduplicated at
            // insert
            boolean alerts = table.equals(Tables.ALERTS);
            String columns = alerts ? "* EXCEPT (detected_at)" : "*";
            out.put(
                    table,
                    clickhouse.query("SELECT " + columns + " FROM " + db + "." + table + " FINAL ORDER BY tuple(*)")
                            + "rows without FINAL: "
                            + clickhouse.count(
                                    alerts
                                            ? "SELECT count() FROM (SELECT DISTINCT alert_id, status FROM " + db + "."
                                                    + table + ")"
                                            : "SELECT count() FROM " + db + "." + table));
        }
        return out;
    }

    @AfterAll
    static void stop() {
        if (webhook != null) webhook.close();
    }

    @Test
    @DisplayName(
            "machine_meter_deltas: rollovers (one exactly at 0.9 x 10^digits), a reset, out-of-order snapshots, a late wager")
    void meterDeltas() {
        String rows = clickhouse.query("SELECT toUnixTimestamp(window_start) - " + T0.getEpochSecond()
                + ", machine_id, floor_section, coin_in, coin_out, jackpot, bills_in, games_played, rollovers, resets FROM "
                + db + ".machine_meter_deltas FINAL ORDER BY machine_id, window_start");
        assertEquals(
                String.join(
                        "\n",
                        "0\tSM-A\tC\t8.00\t0.00\t0.00\t20.00\t2\t0\t0",
                        "60\tSM-A\tC\t2.00\t0.00\t0.00\t0.00\t1\t0\t0",
                        "60\tSM-O\tC\t1.00\t0.00\t0.00\t0.00\t1\t0\t0",
                        "60\tSM-R\tC\t1.50\t100000.05\t0.00\t0.00\t4\t3\t0",
                        "120\tSM-R\tC\t0.00\t0.00\t0.00\t0.00\t0\t0\t3",
                        "60\tSM-V\tC\t150.01\t0.00\t0.00\t0.00\t1\t0\t0",
                        "60\tSM-W\tC\t150.00\t0.00\t0.00\t0.00\t1\t0\t0"),
                rows.strip());
    }

    @Test
    @DisplayName("slot_events_live: error_category per code (hex forms, an override) and meters as JSON")
    void rawSlotEvents() {
        assertEquals(
                String.join(
                        "\n",
                        "e1\t0x23\tSERVICE",
                        "e2\t0x61\tFAULT",
                        "e3\t7A\tINTEGRITY",
                        "e4\t98\tPOWER_OFF_ACCESS",
                        "e5\t84\tSERVICE",
                        "e6\t0X027\tSERVICE"),
                clickhouse
                        .query("SELECT event_id, error_code, error_category FROM " + db
                                + ".slot_events_live FINAL WHERE event_type = 'ERROR' " + "ORDER BY event_id")
                        .strip());
        assertEquals(
                "{\"coin_in\":99999900,\"coin_out\":90000000,\"jackpot\":0,\"bills_in\":0,\"games_played\":99999999,\"meter_digits\":8}",
                clickhouse
                        .query("SELECT meters FROM " + db + ".slot_events_live FINAL WHERE event_id = 'r0'")
                        .strip());
        assertEquals(
                "\\N\t\\N",
                clickhouse
                        .query("SELECT meters, error_category FROM " + db
                                + ".slot_events_live FINAL WHERE event_id = 'a1'")
                        .strip());
        assertEquals(
                String.join("\n", "MISSING_FIELD", "INVALID_VALUE"),
                clickhouse
                        .query("SELECT reason FROM " + db + ".rejected_events FINAL ORDER BY `offset`")
                        .strip());
    }

    @Test
    @DisplayName("machine_minute: errors count FAULT and OTHER only; METERS make no row")
    void machineMinute() {
        assertEquals(
                "1",
                clickhouse
                        .query("SELECT errors FROM " + db
                                + ".machine_minute FINAL WHERE machine_id = 'SM-E' AND window_start = " + minute(3))
                        .strip(),
                "0x61 only: 0x23 and 84 (override) are SERVICE, 7A and 98 have rules of their own");
        assertEquals(
                "0",
                clickhouse
                        .query("SELECT errors FROM " + db + ".machine_minute FINAL WHERE machine_id = 'SM-S'")
                        .strip(),
                "a SERVICE code still makes its minute's row");
        assertEquals(
                0,
                clickhouse.count(
                        "SELECT count() FROM " + db + ".machine_minute FINAL WHERE machine_id IN ('SM-V', 'SM-W') "
                                + "AND window_start = " + minute(1)),
                "a minute with only METERS has no row");
        assertEquals(
                "2\t8.00",
                clickhouse
                        .query("SELECT spins, coin_in FROM " + db + ".machine_minute FINAL WHERE machine_id = 'SM-A' "
                                + "AND window_start = " + minute(0))
                        .strip());
    }

    @Test
    @DisplayName("alerts: INTEGRITY_EVENT, POWER_OFF_ACCESS, METER_RESET, METER_VARIANCE (only just outside the bound)")
    void alerts() {
        Set<String> stored = new TreeSet<>(List.of(clickhouse
                .query(
                        "SELECT concat(rule, '/', entity_id, '/', severity, '/', status, '/', "
                                + "toString(toUnixTimestamp(event_time) - " + T0.getEpochSecond()
                                + "), '/', ifNull(toString(amount), 'null')) FROM " + db
                                + ".alerts FINAL WHERE rule IN ('INTEGRITY_EVENT', 'POWER_OFF_ACCESS', 'METER_RESET', 'METER_VARIANCE')")
                .split("\n")));
        assertEquals(
                new TreeSet<>(List.of(
                        "INTEGRITY_EVENT/SM-E/CRITICAL/firing/202/null",
                        "POWER_OFF_ACCESS/SM-E/CRITICAL/firing/203/null",
                        "METER_RESET/SM-R/HIGH/firing/130/null",
                        "METER_VARIANCE/SM-V/HIGH/firing/74/100.01")),
                stored);
        String variance = clickhouse
                .query("SELECT details FROM " + db + ".alerts FINAL WHERE rule = 'METER_VARIANCE'")
                .strip();
        assertTrue(variance.contains("\"meter_delta\":150.01,\"event_sum\":50.00,\"difference\":100.01"), variance);
        String integrity = clickhouse
                .query("SELECT details FROM " + db + ".alerts FINAL WHERE rule = 'INTEGRITY_EVENT'")
                .strip();
        assertTrue(integrity.contains("\"error_code\":\"7A\""), integrity);
        String reset = clickhouse
                .query("SELECT details FROM " + db + ".alerts FINAL WHERE rule = 'METER_RESET'")
                .strip();
        assertTrue(reset.contains("\"coin_in\":{\"old\":50,\"new\":0}"), reset);
        assertEquals(
                0,
                clickhouse.count(
                        "SELECT count() FROM " + db + ".alerts WHERE rule IN ('MACHINE_ERRORS', 'MACHINE_CRITICAL')"));
        Set<String> delivered = new TreeSet<>();
        for (WebhookReceiver.Request r : webhook.requests("/floor")) {
            String rule = EndToEndTest.read(r.body()).get("rule").asText();
            if (SAS_RULES.contains(rule))
                delivered.add(rule + "/"
                        + EndToEndTest.read(r.body()).get("entity_id").asText());
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "INTEGRITY_EVENT/SM-E", "POWER_OFF_ACCESS/SM-E", "METER_RESET/SM-R", "METER_VARIANCE/SM-V")),
                delivered);
    }

    @Test
    @DisplayName("a replay of the same input changes no table")
    void replayChangesNoTable() {
        Map<String, String> again = readAllTables();
        List<String> changed = new ArrayList<>();
        for (String table : firstRun.keySet()) if (!firstRun.get(table).equals(again.get(table))) changed.add(table);
        assertEquals(
                List.of(),
                changed,
                () -> "changed by the replay: " + changed + "\nbefore: " + firstRun + "\nafter: " + again);
        assertTrue(firstRun.get(Tables.MACHINE_METER_DELTAS).contains("SM-R"));
    }
}
