package io.floorwatch.sink.clickhouse;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaInstallerTest {
    private static TestDatabase db;

    /** The contract of SPEC §5/§6 plus what the sink adds (extra, Kafka coordinates, version): exact names, in order. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            entry(
                    "slot_events_live",
                    "event_id,event_type,event_timestamp,machine_id,player_id,wager_amount,payout_amount,"
                            + "amount,denomination,hopper_level,error_code,error_category,meters,floor_section,extra,topic,partition,offset,ingested_at"),
            entry(
                    "table_events_live",
                    "event_id,event_type,event_timestamp,table_id,game_type,amount,player_id,"
                            + "payment_method,dealer_id,extra,topic,partition,offset,ingested_at"),
            entry(
                    "security_events_live",
                    "event_id,event_type,event_timestamp,location_id,machine_id,badge_id,severity,"
                            + "extra,topic,partition,offset,ingested_at"),
            entry(
                    "cage_transactions_live",
                    "event_id,event_type,event_timestamp,player_id,amount,direction,payment_method,"
                            + "cage_id,employee_id,extra,topic,partition,offset,ingested_at"),
            entry(
                    "machine_minute",
                    "window_start,machine_id,floor_section,spins,coin_in,coin_out,jackpots,errors,bills_in,players,version"),
            entry("floor_minute", "window_start,floor_section,spins,coin_in,coin_out,active_machines,version"),
            entry("table_minute", "window_start,table_id,game_type,drop_amount,payouts,fills,credits,bets,version"),
            entry(
                    "player_sessions",
                    "player_id,session_start,session_end,coin_in,games,avg_bet,theo_win,minutes_played,version"),
            entry(
                    "alerts",
                    "alert_id,rule,severity,status,entity_type,entity_id,event_time,detected_at,amount,summary,action,details"),
            entry(
                    "alert_deliveries",
                    "alert_id,status,route,attempt,status_code,outcome,error,attempted_at,duration_ms"),
            entry("rejected_events", "received_at,source,topic,partition,offset,reason,message,payload"),
            entry("machine_locations", "machine_id,floor_section,x_coord,y_coord"),
            entry(
                    "machine_meter_deltas",
                    "window_start,machine_id,floor_section,coin_in,coin_out,jackpot,bills_in,games_played,rollovers,resets"),
            entry(
                    "player_ratings",
                    "player_id,gaming_day,coin_in,games,avg_bet,theo_win,minutes_played,sessions,last_seen,version"),
            entry(
                    "player_offers",
                    "offer_id,player_id,rule_id,reward,value,gaming_day,theo_win,coin_in,minutes_played,machine_id,"
                            + "event_time,detected_at"));

    @BeforeAll
    static void setUp() throws Exception {
        db = new TestDatabase("schema");
    }

    @AfterAll
    static void tearDown() {
        db.drop();
    }

    @Test
    void createsEveryTableWithTheContractColumns() {
        assertEquals(
                Tables.ALL.stream().sorted().toList(),
                List.of(db.query("SELECT name FROM system.tables WHERE database = '" + db.name + "' ORDER BY name")
                        .split("\n")));
        COLUMNS.forEach((table, columns) -> assertEquals(
                columns,
                db.query(
                        "SELECT arrayStringConcat(groupArray(name), ',') FROM (SELECT name FROM system.columns WHERE database = '"
                                + db.name + "' AND table = '" + table + "' ORDER BY position)"),
                table));
    }

    @Test
    void moneyIsDecimalAndTimesAreUtc() {
        String types = db.query("SELECT table, name, type FROM system.columns WHERE database = '" + db.name
                + "' AND (name IN ('coin_in','coin_out','bills_in','drop_amount','payouts','fills','credits','avg_bet','theo_win',"
                + "'wager_amount','payout_amount','amount') OR name LIKE '%time%' OR name LIKE '%_at' OR name LIKE 'window_start'"
                + " OR name LIKE 'session\\_%') ORDER BY table, name"); // '_' escaped: the column 'sessions' is a count
        for (String line : types.split("\n")) {
            String[] f = line.split("\t");
            String type = f[2].replace("\\'", "'"); // TSV escapes quotes
            if (f[1].startsWith("window_start")) {
                assertEquals("DateTime('UTC')", type, line);
            } else if (f[1].contains("time") || f[1].endsWith("_at") || f[1].startsWith("session_")) {
                // (optional times, e.g. rule_changes.changed_at, are Nullable: still milliseconds in UTC)
                assertEquals("DateTime64(3, 'UTC')", type.replaceFirst("^Nullable\\((.*)\\)$", "$1"), line);
            } else {
                assertTrue(type.equals("Decimal(18, 2)") || type.equals("Nullable(Decimal(18, 2))"), line);
            }
        }
    }

    @Test
    void applyingAgainChangesNothing() throws Exception {
        db.server.execute("INSERT INTO " + db.table("machine_locations") + " VALUES ('SM-1', 'A', 1, 2)");
        String before = db.query(
                "SELECT name, engine_full FROM system.tables WHERE database = '" + db.name + "' ORDER BY name");
        SchemaInstaller.apply(db.settings);
        SchemaInstaller.apply(db.settings);
        assertEquals(
                before,
                db.query("SELECT name, engine_full FROM system.tables WHERE database = '" + db.name
                        + "' ORDER BY name"));
        assertEquals(1, db.count("SELECT count() FROM " + db.table("machine_locations")));
    }

    /** A deployment created before SPEC 8.5 gets error_category and meters on slot_events_live, its rows kept. */
    @Test
    void upgradesASlotTableOfBeforeSpec85() throws Exception {
        TestDatabase old = new TestDatabase("upgrade");
        try {
            old.server.execute("DROP TABLE " + old.table("slot_events_live") + " SYNC");
            List<String> create = SchemaInstaller.statements(old.name).stream()
                    .filter(q -> q.contains(".slot_events_live") && q.startsWith("CREATE TABLE"))
                    .toList();
            assertEquals(1, create.size());
            old.server.execute(create.get(0)
                    .replace("    error_category  LowCardinality(Nullable(String)),\n", "")
                    .replace("    meters          Nullable(String),\n", ""));
            assertFalse(old.query("SELECT name FROM system.columns WHERE database = '" + old.name
                            + "' AND table = 'slot_events_live'")
                    .contains("error_category"));
            old.server.execute(
                    "INSERT INTO " + old.table("slot_events_live")
                            + " (event_id, event_type, event_timestamp, machine_id, topic, "
                            + "`partition`, `offset`, ingested_at) VALUES ('e1', 'ERROR', now64(3), 'SM-1', 't', 0, 0, now64(3))");
            SchemaInstaller.apply(old.settings);
            assertEquals(
                    COLUMNS.get("slot_events_live"),
                    old.query("SELECT arrayStringConcat(groupArray(name), ',') FROM (SELECT name "
                            + "FROM system.columns WHERE database = '" + old.name
                            + "' AND table = 'slot_events_live' ORDER BY position)"));
            assertEquals(
                    1,
                    old.count("SELECT count() FROM " + old.table("slot_events_live")
                            + " WHERE error_category IS NULL AND meters IS NULL"));
        } finally {
            old.drop();
        }
    }

    @Test
    void theConfiguredDatabaseReplacesTheOneInTheFiles() {
        List<String> statements = SchemaInstaller.statements("other_db");
        assertFalse(statements.isEmpty());
        for (String sql : statements) {
            assertFalse(sql.contains("casino_realtime"), sql);
            assertTrue(sql.contains("other_db"), sql);
            assertFalse(sql.endsWith(";"), sql);
        }
        assertEquals("CREATE DATABASE IF NOT EXISTS other_db", statements.get(0));
    }

    @Test
    void everySqlFileOfDockerClickhouseIsApplied() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("docker/clickhouse"))) {
            List<String> sql = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
            assertEquals(sql, SchemaInstaller.FILES);
        }
    }
}
