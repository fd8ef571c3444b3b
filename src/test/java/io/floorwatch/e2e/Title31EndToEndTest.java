package io.floorwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.sink.clickhouse.Tables;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.FloorWatchJob;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.4, Title 31 depth, on the whole job as {@code jobs/floorwatch run} runs it: scripted cash play and slot wins in
 * real Kafka (cage, table and slot topics), a real ClickHouse, and a real webhook endpoint with the floor, compliance,
 * PagerDuty and Alertmanager routes all configured. Then the same topics are read again from the start by a second
 * run into the same database (a replay), which must change no table.
 *
 * <p>Time: the casino's zone is UTC and its gaming day starts at the hour {@code B} (one hour after the first events),
 * so the script can put transactions on both sides of a gaming-day boundary while staying near now (the tables' TTLs).
 */
class Title31EndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The gaming-day boundary of the script: a whole hour, two hours ago. */
    static final Instant B = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);

    static final LocalDate DAY = LocalDate.ofInstant(B, ZoneOffset.UTC); // the gaming day starting at B
    static final LocalDate DAY_BEFORE = DAY.minusDays(1);
    static final Set<String> COMPLIANCE_PATHS = Set.of("/compliance");
    static final List<String> OTHER_ROUTES = List.of("/floor", "/pagerduty", "/alertmanager");

    static ClickHouseServer clickhouse;
    static WebhookReceiver webhook;
    static String db;
    static Map<String, String> snapshotAfterFirstRun;
    static int complianceRequestsAfterFirstRun;

    static String at(long ms) {
        return B.plusMillis(ms).toString().replace("Z", "").replaceAll("(T\\d\\d:\\d\\d:\\d\\d)$", "$1.000") + "Z";
    }

    static String cage(
            String id, long ms, String player, String direction, String method, String amount, String employee) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\""
                + (direction.equals("CASH_IN") ? "CHIP_PURCHASE" : "CHIP_REDEMPTION")
                + "\",\"event_timestamp\":\"" + at(ms) + "\",\"player_id\":\"" + player + "\",\"amount\":" + amount
                + ",\"direction\":\"" + direction + "\",\"payment_method\":\"" + method + "\",\"cage_id\":\"CAGE-2\""
                + (employee == null ? "" : ",\"employee_id\":\"" + employee + "\"") + "}";
    }

    static String buyIn(String id, long ms, String table, String player, String method, String amount) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"BUY_IN\",\"event_timestamp\":\"" + at(ms)
                + "\",\"table_id\":\"" + table
                + "\",\"game_type\":\"BLACKJACK\",\"dealer_id\":\"DLR-5\",\"amount\":\"" + amount
                + "\",\"payment_method\":\"" + method + "\""
                + (player == null ? "" : ",\"player_id\":\"" + player + "\"") + "}";
    }

    static String win(String id, String time, String machine, String player, String payout) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":\"" + time
                + "\",\"machine_id\":\"" + machine
                + "\",\"wager_amount\":2.50,\"payout_amount\":" + payout + ",\"floor_section\":\"C\""
                + (player == null ? "" : ",\"player_id\":\"" + player + "\"") + "}";
    }

    static final long S = 1000;

    @BeforeAll
    static void runTheJobTwice() throws Exception {
        clickhouse = ClickHouseServer.shared();
        webhook = WebhookReceiver.start();
        KafkaBroker kafka = KafkaBroker.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        db = "title31_" + run;
        String prefix = "title31-" + run + "-";
        kafka.createTopics(1, prefix + "slot", prefix + "table", prefix + "security", prefix + "cage");

        // Cage: in event-time order per player except where the table topic interleaves.
        kafka.send(
                prefix + "cage",
                List.of(
                        cage(
                                "o2", 300 * S, "P-ORDER", "CASH_IN", "CASH", "7000.00",
                                "EMP-1"), // happened after o1 (table), sent first
                        cage("w1", 60 * S, "P-WARN", "CASH_IN", "CASH", "5000.00", "EMP-1"),
                        cage("j1", 60 * S, "P-JUMP", "CASH_IN", "CASH", "2000.00", "EMP-1"),
                        cage(
                                "j2", 90 * S, "P-JUMP", "CASH_IN", "CASH", "9000.00",
                                "EMP-2"), // 2,000 -> 11,000: CTR only
                        cage("io1", 60 * S, "P-INOUT", "CASH_IN", "CASH", "9000.00", "EMP-1"), // in: 9,000 warns
                        cage("io2", 70 * S, "P-INOUT", "CASH_OUT", "CASH", "2999.99", null), // a cent below the MTL
                        cage("io3", 80 * S, "P-INOUT", "CASH_OUT", "CASH", "6000.00", null), // out: 8,999.99 warns
                        cage("d1", -1, "P-DAY", "CASH_IN", "CASH", "6000.00", "EMP-3"), // 05:59:59.999 of the old day
                        cage("d2", 0, "P-DAY", "CASH_IN", "CASH", "6000.00", "EMP-3"), // the new day's first instant
                        cage("d3", S, "P-DAY", "CASH_IN", "CASH", "2000.00", "EMP-3"), // new day: 8,000 warns
                        cage(
                                "c1", 30 * S, "P-CHIPS", "CASH_IN", "MARKER", "9000.00",
                                "EMP-1"), // a marker is credit, not cash
                        cage("c2", 31 * S, "P-CHIPS", "CASH_OUT", "CHIPS", "9000.00", "EMP-1"),
                        cage("c3", 32 * S, "P-CHIPS", "CASH_OUT", "TICKET", "9000.00", "EMP-1")));
        // Table: a backlog of bets first, so the earlier buy-in o1 reaches the job after the cage's later o2.
        List<String> table = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            table.add("{\"event_id\":\"bet" + i + "\",\"event_type\":\"BET\",\"event_timestamp\":\"" + at(i * 100L)
                    + "\",\"table_id\":\"BJ-0\",\"amount\":25.00}");
        }
        table.addAll(List.of(
                buyIn(
                        "w2", 120 * S, "BJ-1", "P-WARN", "CASH",
                        "3000.00"), // 5,000 + 3,000 = exactly 8,000: warns, MTL at exactly 3,000
                buyIn("u1", 100 * S, "BJ-2", null, "CASH", "3000.00"), // no player: MTL with nulls
                buyIn("u2", 101 * S, "BJ-2", null, "CASH", "2999.99"),
                buyIn("c4", 33 * S, "BJ-3", "P-CHIPS", "CHIPS", "9000.00"),
                buyIn("c5", 34 * S, "BJ-3", "P-CHIPS", "MARKER", "5000.00"),
                buyIn("o1", 290 * S, "BJ-4", "P-ORDER", "CASH", "4000.00"))); // event time before o2
        kafka.send(prefix + "table", table);
        // Slot: W-2G wins on both sides of 2026-01-01 (local = UTC here), carded and not; then floor time now.
        kafka.send(
                prefix + "slot",
                List.of(
                        win("g1", "2025-12-31T23:59:59.999Z", "SM-W1", "P-W1", "1200.00"),
                        win("g2", "2025-12-31T21:00:00.000Z", "SM-W2", null, "1500.00"),
                        win("g3", "2026-01-01T00:00:00.000Z", "SM-W3", "P-W3", "2000.00"),
                        win("g4", "2026-01-01T01:00:00.000Z", "SM-W4", null, "2500.00"),
                        win("g5", "2026-01-01T02:00:00.000Z", "SM-W5", null, "1999.99"), // under the 2026 threshold
                        "{\"event_id\":\"hb\",\"event_type\":\"HEARTBEAT\",\"event_timestamp\":\"" + at(600 * S)
                                + "\",\"machine_id\":\"SM-9\"}"));

        Map<String, String> cfg = new HashMap<>(Map.of(
                "kafka.bootstrap-servers",
                kafka.bootstrapServers(),
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
                db,
                "clickhouse.create-schema",
                "true"));
        cfg.putAll(Map.of(
                "clickhouse.user",
                clickhouse.user(),
                "webhook.url",
                webhook.url("/floor"),
                "webhook.compliance-url",
                webhook.url("/compliance"),
                "webhook.alertmanager-url",
                webhook.url("/alertmanager"),
                "webhook.pagerduty-routing-key",
                "title31-test-key",
                "webhook.pagerduty-url",
                webhook.url("/pagerduty"),
                "webhook.pagerduty-min-severity",
                "LOW",
                "casino.timezone",
                "UTC",
                "casino.gaming-day-start",
                String.format("%02d:00", B.atZone(ZoneOffset.UTC).getHour())));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());

        cfg.put("kafka.group-id", "title31-" + run);
        FloorWatchJob.run(FloorWatchConfig.of(cfg));
        snapshotAfterFirstRun = snapshot();
        complianceRequestsAfterFirstRun = webhook.requests("/compliance").size();

        // The replay: the same topics from the start (a new consumer group), into the same database.
        cfg.put("kafka.group-id", "title31-replay-" + run);
        cfg.put("kafka.starting-offsets", "earliest");
        FloorWatchJob.run(FloorWatchConfig.of(cfg));
    }

    @AfterAll
    static void stop() {
        if (webhook != null) webhook.close();
    }

    // ------------------------------------------------------------------------------------------ alerts

    static String approaching(String player, String direction, LocalDate day) {
        return Alert.idOf("CTR_APPROACHING", player, day + "/" + direction);
    }

    /** rule, player, gaming day/direction (from details), amount, event_time, crossing event. */
    static String complianceAlerts() {
        return clickhouse.query(
                "SELECT rule, entity_id, severity, JSONExtractString(details, 'gaming_day'), JSONExtractString(details, 'direction'),"
                        + " amount, event_time, JSONExtractString(details, 'crossing_event_id') FROM " + db
                        + ".alerts FINAL"
                        + " WHERE rule IN ('CTR_REQUIRED', 'CTR_APPROACHING', 'SAR_STRUCTURING') ORDER BY entity_id, rule, event_time");
    }

    static String ts(long ms) {
        return B.plusMillis(ms)
                .toString()
                .replace("T", " ")
                .replace("Z", "")
                .replaceAll("( \\d\\d:\\d\\d:\\d\\d)$", "$1.000");
    }

    @Test
    @DisplayName(
            "31 CFR 1021.311/.313: CTR_APPROACHING at exactly $8,000.00, per direction, per gaming day; a jump over raises only the CTR")
    void cfr1021_311_313_approachingAndCrossing() {
        String d = DAY.toString();
        assertEquals(
                String.join(
                        "\n",
                        "CTR_APPROACHING\tP-DAY\tMEDIUM\t" + d + "\tCASH_IN\t8000.00\t" + ts(S) + "\td3",
                        "CTR_APPROACHING\tP-INOUT\tMEDIUM\t" + d + "\tCASH_IN\t9000.00\t" + ts(60 * S) + "\tio1",
                        "CTR_APPROACHING\tP-INOUT\tMEDIUM\t" + d + "\tCASH_OUT\t8999.99\t" + ts(80 * S) + "\tio3",
                        "CTR_REQUIRED\tP-JUMP\tHIGH\t" + d + "\tCASH_IN\t11000.00\t" + ts(90 * S) + "\tj2",
                        "CTR_REQUIRED\tP-ORDER\tHIGH\t" + d + "\tCASH_IN\t11000.00\t" + ts(300 * S) + "\to2",
                        "CTR_APPROACHING\tP-WARN\tMEDIUM\t" + d + "\tCASH_IN\t8000.00\t" + ts(120 * S) + "\tw2"),
                complianceAlerts());
        assertEquals(
                approaching("P-INOUT", "CASH_OUT", DAY),
                clickhouse.query("SELECT alert_id FROM " + db
                        + ".alerts FINAL WHERE rule = 'CTR_APPROACHING' AND entity_id = 'P-INOUT'"
                        + " AND JSONExtractString(details, 'direction') = 'CASH_OUT'"),
                "evidence: gaming day + direction");
    }

    @Test
    @DisplayName("SPEC §8.4: compliance alerts only on the compliance route, never floor, PagerDuty or Alertmanager")
    void complianceRouteOnly() {
        Set<String> compliance = keys(webhook.requests("/compliance"));
        assertEquals(
                new TreeSet<>(Set.of(
                        "CTR_APPROACHING/P-DAY",
                        "CTR_APPROACHING/P-INOUT",
                        "CTR_APPROACHING/P-WARN",
                        "CTR_REQUIRED/P-JUMP",
                        "CTR_REQUIRED/P-ORDER")),
                compliance);
        assertEquals(
                6,
                webhook.requests("/compliance").stream()
                        .map(r -> r.header("Idempotency-Key"))
                        .distinct()
                        .count(),
                "six compliance messages (P-INOUT warns twice), the replay re-sends only those keys");
        for (String route : OTHER_ROUTES) {
            List<WebhookReceiver.Request> requests = webhook.requests(route);
            assertFalse(requests.isEmpty(), route + " is configured and gets the floor's alerts");
            for (WebhookReceiver.Request r : requests) {
                assertFalse(
                        r.body().contains("CTR_")
                                || r.body().contains("SAR_")
                                || r.body().contains("P-WARN")
                                || r.body().contains("P-INOUT"),
                        route + " got a compliance alert: " + r.body());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ mtl_entries

    @Test
    @DisplayName(
            "31 CFR 1021.410: mtl_entries, every cash transaction of $3,000.00 or more with its day_total in event-time order")
    void cfr1021_410_mtlEntries() {
        String d = DAY.toString(), before = DAY_BEFORE.toString();
        assertEquals(
                String.join(
                        "\n",
                        "d1\t" + before + "\tP-DAY\tCASH_IN\t6000.00\t" + ts(-1) + "\tcage\tCAGE-2\tEMP-3\t6000.00",
                        "d2\t" + d + "\tP-DAY\tCASH_IN\t6000.00\t" + ts(0) + "\tcage\tCAGE-2\tEMP-3\t6000.00",
                        "io1\t" + d + "\tP-INOUT\tCASH_IN\t9000.00\t" + ts(60 * S) + "\tcage\tCAGE-2\tEMP-1\t9000.00",
                        "io3\t" + d + "\tP-INOUT\tCASH_OUT\t6000.00\t" + ts(80 * S) + "\tcage\tCAGE-2\t\\N\t8999.99",
                        "j2\t" + d + "\tP-JUMP\tCASH_IN\t9000.00\t" + ts(90 * S) + "\tcage\tCAGE-2\tEMP-2\t11000.00",
                        "o1\t" + d + "\tP-ORDER\tCASH_IN\t4000.00\t" + ts(290 * S) + "\ttable\tBJ-4\tDLR-5\t4000.00",
                        "o2\t" + d + "\tP-ORDER\tCASH_IN\t7000.00\t" + ts(300 * S) + "\tcage\tCAGE-2\tEMP-1\t11000.00",
                        "u1\t" + d + "\t\\N\tCASH_IN\t3000.00\t" + ts(100 * S) + "\ttable\tBJ-2\tDLR-5\t\\N",
                        "w1\t" + d + "\tP-WARN\tCASH_IN\t5000.00\t" + ts(60 * S) + "\tcage\tCAGE-2\tEMP-1\t5000.00",
                        "w2\t" + d + "\tP-WARN\tCASH_IN\t3000.00\t" + ts(120 * S) + "\ttable\tBJ-1\tDLR-5\t8000.00"),
                clickhouse.query(
                        "SELECT event_id, gaming_day, player_id, direction, amount, event_time, source, location, employee_id, day_total"
                                + " FROM " + db + ".mtl_entries FINAL ORDER BY event_id"));
    }

    @Test
    @DisplayName("31 CFR 1021.311(c): chips, markers and tickets are not counted: no MTL row, no alert")
    void cfr1021_311c_chipsAndMarkersNotCounted() {
        assertEquals(
                0,
                clickhouse.count("SELECT count() FROM " + db
                        + ".mtl_entries WHERE event_id LIKE 'c%' OR player_id = 'P-CHIPS'"));
        assertEquals(0, clickhouse.count("SELECT count() FROM " + db + ".alerts WHERE entity_id = 'P-CHIPS'"));
        assertEquals(
                5,
                clickhouse.count("SELECT count() FROM " + db
                                + ".cage_transactions_live FINAL WHERE player_id = 'P-CHIPS'")
                        + clickhouse.count(
                                "SELECT count() FROM " + db + ".table_events_live FINAL WHERE player_id = 'P-CHIPS'"),
                "the raw tables keep them");
    }

    // ------------------------------------------------------------------------------------------ w2g_forms

    @Test
    @DisplayName(
            "26 CFR 7.6041-1: w2g_forms for carded and uncarded wins on both sides of 2026-01-01 ($1,200 / $2,000)")
    void cfr26_7_6041_1_w2gForms() {
        assertEquals(
                String.join(
                        "\n",
                        "SM-W1\tP-W1\t0\t1200.00\t2.50\t2025-12-31\t2025-12-31 23:59:59.999\t1200.00\tC",
                        "SM-W2\t\\N\t1\t1500.00\t2.50\t2025-12-31\t2025-12-31 21:00:00.000\t1200.00\tC",
                        "SM-W3\tP-W3\t0\t2000.00\t2.50\t2026-01-01\t2026-01-01 00:00:00.000\t2000.00\tC",
                        "SM-W4\t\\N\t1\t2500.00\t2.50\t2026-01-01\t2026-01-01 01:00:00.000\t2000.00\tC"),
                clickhouse.query(
                        "SELECT machine_id, player_id, id_required, gross_winnings, wager, date_won, event_time, threshold, floor_section"
                                + " FROM " + db + ".w2g_forms FINAL ORDER BY machine_id"));
        assertEquals(
                0,
                clickhouse.count("SELECT count() FROM " + db + ".w2g_forms f LEFT ANTI JOIN (SELECT alert_id FROM " + db
                        + ".alerts FINAL WHERE rule = 'W2G_REQUIRED') a ON f.alert_id = a.alert_id"),
                "one form per W2G_REQUIRED firing, same alert_id");
        assertEquals(4, clickhouse.count("SELECT count() FROM " + db + ".alerts FINAL WHERE rule = 'W2G_REQUIRED'"));
    }

    // ------------------------------------------------------------------------------------------ replay

    /** Every table as the dashboards read it (FINAL), sorted; alerts without detected_at (the wall clock of detection). */
    static Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : Tables.ALL) {
            if (t.equals(Tables.ALERT_DELIVERIES))
                continue; // an audit log of attempts: a replay's re-sends are new attempts
            String columns = t.equals(Tables.ALERTS) ? "* EXCEPT (detected_at)" : "*";
            // the wins of 2025-12-31 / 2026-01-01 are past (or will pass) the TTL of these tables (90 / 400 days): a
            // background merge may drop them at any time, so only the recent rows are compared there
            String where = switch (t) {
                case Tables.SLOT_EVENTS -> " WHERE event_timestamp > now() - INTERVAL 80 DAY";
                case Tables.MACHINE_MINUTE, Tables.FLOOR_MINUTE -> " WHERE window_start > now() - INTERVAL 80 DAY";
                default -> "";
            };
            out.put(
                    t,
                    clickhouse.query(
                            "SELECT " + columns + " FROM " + db + "." + t + " FINAL" + where + " ORDER BY ALL"));
        }
        return out;
    }

    @Test
    @DisplayName(
            "SPEC §6/§8: a replay of the same input changes no table (FINAL reads equal; plain reads converge to them)")
    void aReplayChangesNoTable() {
        assertFalse(snapshotAfterFirstRun.get(Tables.MTL_ENTRIES).isEmpty());
        assertEquals(snapshotAfterFirstRun, snapshot());
        for (String t : List.of(Tables.MTL_ENTRIES, Tables.W2G_FORMS, Tables.ALERTS)) {
            clickhouse.execute("OPTIMIZE TABLE " + db + "." + t + " FINAL");
            assertEquals(
                    clickhouse.count("SELECT count() FROM " + db + "." + t + " FINAL"),
                    clickhouse.count("SELECT count() FROM " + db + "." + t),
                    t);
        }
        assertTrue(webhook.requests("/compliance").size() >= complianceRequestsAfterFirstRun);
        assertEquals(
                6,
                webhook.requests("/compliance").stream()
                        .map(r -> r.header("Idempotency-Key"))
                        .distinct()
                        .count(),
                "the replay re-sends with the same Idempotency-Keys, never a new alert_id");
    }

    static Set<String> keys(List<WebhookReceiver.Request> requests) {
        return requests.stream()
                .map(r -> read(r.body()))
                .map(b -> b.get("rule").asText() + "/" + b.get("entity_id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
