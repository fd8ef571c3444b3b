package io.floorwatch.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.sink.clickhouse.SchemaInstaller;
import io.floorwatch.testing.ClickHouseServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana users of docker/clickhouse/users.d/grafana.xml, loaded as shipped into the real test server
 * ({@link ClickHouseServer} starts it with that users.d): compliance data stays with compliance.
 *
 * <p>The floor's user ({@code grafana_floor}) sees no CTR / SAR alert (CTR_REQUIRED, CTR_APPROACHING, SAR_STRUCTURING),
 * no delivery to the compliance route, no player or amount of a cage transaction, and no compliance table (the Title
 * 31 tables of SPEC §8.4, and any table nobody granted it); the compliance user sees all of it. Both are read-only
 * and cannot lift their limits. Rows here are written by the fixture's {@code default} user, which stands for the
 * job's writer and must keep seeing every row.
 */
class ClickHouseUsersTest {
    static final String DB = SchemaInstaller.DATABASE_IN_FILES;
    static final List<String> COMPLIANCE_RULES = List.of("CTR_REQUIRED", "CTR_APPROACHING", "SAR_STRUCTURING");
    static final List<String> FLOOR_RULES = List.of("JACKPOT", "W2G_REQUIRED", "EXCLUDED_PATRON", "MACHINE_OFFLINE");
    /** Compliance-only tables: SPEC §8.4 (in the shipped schema) and one nobody granted. */
    static final List<String> COMPLIANCE_TABLES = List.of("mtl_entries", "w2g_forms", "some_future_table");

    static ClickHouseServer clickhouse;
    static ClickHouseServer.Login floor;
    static ClickHouseServer.Login compliance;

    @BeforeAll
    static void schemaWithComplianceAndFloorRows() throws Exception {
        clickhouse = ClickHouseServer.shared();
        floor = clickhouse.login(DashboardQueriesTest.FLOOR_USER, DashboardQueriesTest.FLOOR_PASSWORD_ENV);
        compliance =
                clickhouse.login(DashboardQueriesTest.COMPLIANCE_USER, DashboardQueriesTest.COMPLIANCE_PASSWORD_ENV);
        // the users' grants name casino_realtime: a fresh one (the tests of a JVM run one after another)
        clickhouse.execute("DROP DATABASE IF EXISTS " + DB + " SYNC");
        SchemaInstaller.apply(clickhouse.httpUrl(), clickhouse.user(), clickhouse.password(), DB);
        // the shipped Title 31 tables, and one more that nobody granted
        clickhouse.execute(
                "INSERT INTO " + DB
                        + ".mtl_entries (event_id, gaming_day, player_id, direction, amount, event_time, source, location,"
                        + " employee_id, day_total) VALUES ('mtl-1', today(), 'P-SECRET', 'CASH_IN', 9500.00, now64(3), 'cage', 'CAGE-1', 'EMP-1', 9500.00)");
        clickhouse.execute(
                "INSERT INTO " + DB
                        + ".w2g_forms (alert_id, machine_id, player_id, id_required, gross_winnings, wager, date_won,"
                        + " event_time, threshold, floor_section) VALUES ('w2g-1', 'SM-1', 'P-SECRET', 0, 2500.00, 5.00, today(), now64(3), 2000.00, 'A')");
        clickhouse.execute(
                "CREATE TABLE IF NOT EXISTS " + DB
                        + ".some_future_table (event_id String, player_id Nullable(String)) ENGINE = MergeTree ORDER BY event_id");
        clickhouse.execute("INSERT INTO " + DB + ".some_future_table (event_id, player_id) VALUES ('f-1', 'P-SECRET')");
        int i = 0;
        for (String rule : concat(COMPLIANCE_RULES, FLOOR_RULES)) {
            i++;
            clickhouse.execute("INSERT INTO " + DB
                    + ".alerts (alert_id, rule, severity, status, entity_type, entity_id, event_time, detected_at, amount, summary, action)"
                    + " VALUES ('a" + i + "', '" + rule + "', 'HIGH', 'firing', 'player', 'P-" + i
                    + "', now64(3), now64(3), 9500.00, '" + rule + " of P-" + i + "', '')");
            String route = COMPLIANCE_RULES.contains(rule) ? "compliance" : "floor";
            clickhouse.execute("INSERT INTO " + DB
                    + ".alert_deliveries (alert_id, status, route, attempt, status_code, outcome, attempted_at)"
                    + " VALUES ('a" + i + "', 'firing', '" + route + "', 1, 200, 'delivered', now64(3))");
        }
        clickhouse.execute(
                "INSERT INTO " + DB
                        + ".cage_transactions_live (event_id, event_type, event_timestamp, player_id, amount, direction, payment_method,"
                        + " topic, `partition`, `offset`, ingested_at) VALUES ('c1', 'CASH_IN', now64(3), 'P-SECRET', 9500.00, 'CASH_IN', 'CASH', 'cage-transactions', 0, 7, now64(3))");
    }

    static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    // ------------------------------------------------------------------------------------------ rows

    @Test
    void theFloorSeesNoComplianceAlertTheComplianceUserAll() {
        assertEquals(new TreeSet<>(FLOOR_RULES), rules(floor, "SELECT DISTINCT rule FROM " + DB + ".alerts"));
        assertEquals(new TreeSet<>(FLOOR_RULES), rules(floor, "SELECT DISTINCT rule FROM " + DB + ".alerts FINAL"));
        Set<String> all = new TreeSet<>(concat(COMPLIANCE_RULES, FLOOR_RULES));
        assertEquals(all, rules(compliance, "SELECT DISTINCT rule FROM " + DB + ".alerts FINAL"));
        assertEquals(
                all,
                new TreeSet<>(List.of(clickhouse
                        .query("SELECT DISTINCT rule FROM " + DB + ".alerts")
                        .split("\n"))),
                "the job's writer (no policy of its own) still sees every row");
        // asked for by name, id or in a subquery: still nothing
        for (String sql : List.of(
                "SELECT count() FROM " + DB
                        + ".alerts WHERE rule IN ('CTR_REQUIRED', 'CTR_APPROACHING', 'SAR_STRUCTURING')",
                "SELECT count() FROM " + DB + ".alerts WHERE alert_id IN ('a1', 'a2', 'a3')",
                "SELECT count() FROM (SELECT * FROM " + DB
                        + ".alerts) WHERE startsWith(rule, 'SAR') OR startsWith(rule, 'CTR')",
                "SELECT count() FROM merge('" + DB
                        + "', '^alerts$') WHERE startsWith(rule, 'SAR') OR startsWith(rule, 'CTR')")) {
            assertEquals("0", ok(floor, sql), sql);
        }
        assertEquals("3", ok(compliance, "SELECT count() FROM " + DB + ".alerts WHERE alert_id IN ('a1', 'a2', 'a3')"));
    }

    @Test
    void theFloorSeesNoDeliveryToTheComplianceRoute() {
        assertEquals(Set.of("floor"), rules(floor, "SELECT DISTINCT route FROM " + DB + ".alert_deliveries"));
        assertEquals(
                Set.of("compliance", "floor"),
                rules(compliance, "SELECT DISTINCT route FROM " + DB + ".alert_deliveries"));
    }

    // ------------------------------------------------------------------------------------------ tables

    @Test
    void complianceTablesAreDeniedToTheFloor() {
        for (String t : COMPLIANCE_TABLES) {
            for (String sql : List.of("SELECT * FROM " + DB + "." + t, "SELECT count() FROM " + DB + "." + t)) {
                assertDenied(floor, sql);
            }
            // merge() over a table the user may not see finds no table at all
            HttpResponse<String> merged = post(floor, "SELECT * FROM merge('" + DB + "', '^" + t + "$')", "");
            assertTrue(merged.statusCode() != 200 && !merged.body().contains("P-SECRET"), merged.body());
            assertEquals(
                    "1", ok(compliance, "SELECT count() FROM " + DB + "." + t + " WHERE player_id = 'P-SECRET'"), t);
        }
        String tables = ok(floor, "SELECT name FROM system.tables WHERE database = '" + DB + "' ORDER BY name");
        for (String t : COMPLIANCE_TABLES)
            assertFalse(tables.contains(t), "the floor's table list shows " + t + ":\n" + tables);
    }

    /** Pipeline health reads when and where from a cage record came; who and how much stay compliance's. */
    @Test
    void cageTransactionsShowTheFloorOnlyTheirPipelineColumns() {
        String cage = DB + ".cage_transactions_live";
        for (String sql : List.of(
                "SELECT * FROM " + cage,
                "SELECT player_id FROM " + cage,
                "SELECT sum(amount) FROM " + cage,
                "SELECT count() FROM " + cage + " WHERE player_id = 'P-SECRET'",
                "SELECT direction, cage_id, employee_id, extra FROM " + cage,
                "SELECT * FROM merge('" + DB + "', '^cage')")) {
            assertDenied(floor, sql);
        }
        assertEquals(
                "1\tcage-transactions\t7",
                ok(
                        floor,
                        "SELECT count(), any(topic), max(`offset`) FROM " + cage
                                + " FINAL WHERE event_timestamp <= now64(3)"));
        assertEquals("P-SECRET\t9500.00", ok(compliance, "SELECT player_id, amount FROM " + cage + " FINAL"));
    }

    @Test
    void systemTablesOnlyTheFilteredCatalogue() {
        for (String t : List.of(
                "processes", "parts", "users", "grants", "row_policies", "settings_profiles", "clusters", "disks")) {
            for (ClickHouseServer.Login login : List.of(floor, compliance))
                assertDenied(login, "SELECT * FROM system." + t);
        }
        // the plugin's database / table / column lists: readable, filtered to what the user may see
        assertEquals(DB, ok(floor, "SELECT name FROM system.databases WHERE name = '" + DB + "'"));
        assertEquals(
                "",
                ok(floor, "SELECT name FROM system.columns WHERE database = '" + DB + "' AND table = 'mtl_entries'"));
    }

    // ------------------------------------------------------------------------------------------ read-only, limits

    @Test
    void bothUsersAreReadOnly() {
        for (ClickHouseServer.Login login : List.of(floor, compliance)) {
            for (String sql : List.of(
                    "INSERT INTO " + DB + ".machine_locations VALUES ('SM-X', 'Z', 0, 0)",
                    "CREATE TABLE " + DB + ".x (a Int32) ENGINE = Memory",
                    "DROP TABLE " + DB + ".alerts",
                    "ALTER TABLE " + DB + ".alerts DELETE WHERE 1",
                    "CREATE ROW POLICY p ON " + DB + ".alerts USING 1 TO " + login.user(),
                    "SELECT 1 SETTINGS readonly = 0",
                    "SELECT 1 SETTINGS readonly = 1")) {
                HttpResponse<String> r = post(login, sql, "");
                assertTrue(r.statusCode() != 200, login.user() + " may run " + sql);
            }
        }
        assertEquals(
                "7",
                clickhouse.query("SELECT count() FROM " + DB
                        + ".alerts WHERE rule IN ('JACKPOT', 'W2G_REQUIRED', 'EXCLUDED_PATRON', 'MACHINE_OFFLINE', "
                        + "'CTR_REQUIRED', 'CTR_APPROACHING', 'SAR_STRUCTURING')"),
                "nothing deleted");
    }

    @Test
    void queryLimitsAreConstraintsTheUsersCannotLift() {
        List<String> raises = List.of(
                "max_execution_time=3600",
                "max_execution_time=0",
                "max_memory_usage=0",
                "max_memory_usage=100000000000",
                "max_rows_to_read=0",
                "max_result_rows=0",
                "result_overflow_mode='break'");
        for (ClickHouseServer.Login login : List.of(floor, compliance)) {
            assertEquals(
                    "60\t4000000000\t2",
                    ok(
                            login,
                            "SELECT getSetting('max_execution_time'), getSetting('max_memory_usage'), getSetting('readonly')"));
            for (String setting : raises) {
                HttpResponse<String> r = post(login, "SELECT 1 SETTINGS " + setting, "");
                assertTrue(
                        r.statusCode() != 200 && r.body().contains("SETTING_CONSTRAINT_VIOLATION"),
                        login.user() + ": " + setting + " -> " + r.body());
                String name = setting.substring(0, setting.indexOf('=')),
                        value = setting.substring(setting.indexOf('=') + 1).replace("'", "");
                HttpResponse<String> u =
                        post(login, "SELECT 1", "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
                assertTrue(
                        u.statusCode() != 200 && u.body().contains("SETTING_CONSTRAINT_VIOLATION"),
                        login.user() + ": ?" + setting + " -> " + u.body());
            }
            // what the datasource does: a query timeout at or under the profile's
            assertEquals("30", ok(login, "SELECT getSetting('max_execution_time') SETTINGS max_execution_time = 30"));
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> r = post(new ClickHouseServer.Login(floor.user(), floor.password() + "x"), "SELECT 1", "");
        assertTrue(r.statusCode() != 200 && r.body().contains("AUTHENTICATION_FAILED"), r.body());
        HttpResponse<String> empty = post(new ClickHouseServer.Login(compliance.user(), ""), "SELECT 1", "");
        assertTrue(empty.statusCode() != 200, "no empty password: " + empty.body());
    }

    // ------------------------------------------------------------------------------------------ helpers

    static Set<String> rules(ClickHouseServer.Login login, String sql) {
        String out = ok(login, sql);
        return out.isEmpty() ? Set.of() : new TreeSet<>(List.of(out.split("\n")));
    }

    static String ok(ClickHouseServer.Login login, String sql) {
        HttpResponse<String> r = post(login, sql, "");
        assertEquals(200, r.statusCode(), () -> login.user() + " refused: " + r.body() + "\n" + sql);
        String body = r.body();
        return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }

    static void assertDenied(ClickHouseServer.Login login, String sql) {
        HttpResponse<String> r = post(login, sql, "");
        assertTrue(
                r.statusCode() != 200 && r.body().contains("ACCESS_DENIED"),
                login.user() + " must get ACCESS_DENIED for " + sql + ", got " + r.statusCode() + ": " + r.body());
    }

    static HttpResponse<String> post(ClickHouseServer.Login login, String sql, String params) {
        return clickhouse.postAs(login, sql, "&output_format_decimal_trailing_zeros=1" + params);
    }
}
