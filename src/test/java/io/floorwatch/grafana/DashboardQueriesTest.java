package io.floorwatch.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.simulator.FloorLayout;
import io.floorwatch.simulator.FloorSimulator;
import io.floorwatch.sink.clickhouse.SchemaInstaller;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.FloorWatchJob;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query Grafana would send, run against the real schema filled by the real job: each panel target of each
 * dashboard in docker/grafana/dashboards, each template variable, and each seed query in docker/clickhouse/queries.
 *
 * <p>The data: the built-in floor simulator writes 20 minutes of floor time ending now into JSONL files
 * (generated as fast as the machine can, rather than paced by {@code simulator.rate} in wall-clock time) with one
 * scripted incident added, and the
 * whole job reads them ({@code sources.mode: files}, bounded) into a fresh database, with the simulator's floor
 * layout as {@code machine_locations} and alerts delivered to a real webhook endpoint that refuses some first
 * attempts, so {@code alert_deliveries} holds retries too. Macros are expanded the way the
 * grafana-clickhouse-datasource v4 backend expands them (pkg/macros/macros.go).
 *
 * <p>Each query runs as the ClickHouse user its datasource logs in as, from the shipped
 * docker/clickhouse/users.d: floor dashboards (and the seed queries) as {@code grafana_floor}, the compliance
 * dashboard as {@code grafana_compliance}. Those users' grants name the database {@code casino_realtime}, so the
 * job writes into that database (dropped first) rather than into one of its own.
 */
class DashboardQueriesTest {
    /** The floor Grafana's datasource (user grafana_floor) and the compliance Grafana's (user grafana_compliance). */
    static final String DATASOURCE_UID = "floorwatch-clickhouse";

    static final String COMPLIANCE_DATASOURCE_UID = "floorwatch-clickhouse-compliance";
    static final String FLOOR_USER = "grafana_floor";
    static final String FLOOR_PASSWORD_ENV = "GRAFANA_FLOOR_CLICKHOUSE_PASSWORD";
    static final String COMPLIANCE_USER = "grafana_compliance";
    static final String COMPLIANCE_PASSWORD_ENV = "GRAFANA_COMPLIANCE_CLICKHOUSE_PASSWORD";
    static final String DATASOURCE_TYPE = "grafana-clickhouse-datasource";
    static final Path DASHBOARDS = Path.of("docker/grafana/dashboards");
    static final Path COMPLIANCE_FOLDER = DASHBOARDS.resolve("compliance");
    static final Path QUERIES = Path.of("docker/clickhouse/queries");
    static final Path PROVISIONING = Path.of("docker/grafana/provisioning");
    static final Path COMPLIANCE_PROVISIONING = Path.of("docker/grafana/provisioning-compliance");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Set<String> PANEL_TYPES = Set.of(
            "stat",
            "timeseries",
            "table",
            "barchart",
            "bargauge",
            "xychart",
            "piechart",
            "gauge",
            "text",
            "row",
            "heatmap",
            "state-timeline");

    /**
     * Simulated floor time: 30,000 records at 25/s = 20 min, long enough for handpay timeouts (10 min) and error bursts
     * (up to 14 min); incidents 40 times as often as on a normal floor, so every alert panel has some.
     */
    static final int RATE = 25;

    static final long EVENTS = 30_000;
    /** Grafana's $__interval for the test's time range. */
    static final int INTERVAL_S = 60;

    static ClickHouseServer clickhouse;
    static WebhookReceiver webhook;
    static String db;
    static Instant from;
    static Instant to;
    static final Map<String, String> variables = new HashMap<>();

    /**
     * floorSide: on a dashboard outside the compliance folder (or a seed query): runs as the floor's user and must never
     * show CTR or SAR alerts; otherwise as the compliance user.
     */
    record Query(String name, String sql, boolean timeSeries, boolean floorSide) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void fillTheDatabaseWithTheJob(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        clickhouse = ClickHouseServer.shared();
        db = SchemaInstaller.DATABASE_IN_FILES;
        clickhouse.execute("DROP DATABASE IF EXISTS " + db + " SYNC");
        SchemaInstaller.apply(clickhouse.httpUrl(), clickhouse.user(), clickhouse.password(), db);

        webhook = WebhookReceiver.start();
        // Every seventh request fails once with a 503: the delivery log then shows retries beside deliveries.
        AtomicInteger requests = new AtomicInteger();
        webhook.respond(r -> requests.incrementAndGet() % 7 == 0
                ? WebhookReceiver.Response.of(503)
                : WebhookReceiver.Response.of(200));

        long spanMs = EVENTS * 1000 / RATE;
        // A whole minute, so that the records fall into the same 1-minute bins on every run.
        Instant start = Instant.ofEpochSecond(Instant.now().minusMillis(spanMs).getEpochSecond() / 60 * 60);
        Path input = tmp.resolve("input");
        Path locations = tmp.resolve("machine_locations.csv");
        Map<String, String> cfg = new HashMap<>(Map.of(
                "sources.mode",
                "files",
                "sources.files.dir",
                input.toString(),
                "sources.bounded",
                "true",
                "simulator.rate",
                String.valueOf(RATE),
                "simulator.max-events",
                String.valueOf(EVENTS),
                "simulator.start-time",
                start.toString(),
                "simulator.incident-rate",
                "40",
                "floor.locations-file",
                locations.toString(),
                "checkpoint.interval",
                "2s"));
        cfg.putAll(Map.of(
                "job.parallelism",
                "2",
                "clickhouse.url",
                clickhouse.httpUrl(),
                "clickhouse.database",
                db,
                "clickhouse.user",
                clickhouse.user(),
                "clickhouse.create-schema",
                "true",
                "webhook.url",
                webhook.url("/floor"),
                "webhook.compliance-url",
                webhook.url("/compliance"),
                "webhook.retry-backoff",
                "100ms"));
        // offer rules (SPEC 8.2) as the demo profile has them, so player_offers has rows
        cfg.putAll(Map.of(
                "offers.free-play.min-coin-in",
                "100",
                "offers.free-play.reward",
                "FREE_PLAY",
                "offers.free-play.value",
                "20",
                "offers.dinner.min-theo",
                "25",
                "offers.dinner.min-minutes",
                "10",
                "offers.dinner.reward",
                "FOOD",
                "offers.dinner.value",
                "60"));
        if (!clickhouse.password().isEmpty()) cfg.put("clickhouse.password", clickhouse.password());
        FloorWatchConfig config = FloorWatchConfig.of(cfg);

        FloorLayout layout = FloorLayout.fromConfig(config);
        writeInput(new FloorSimulator(config), layout.machines().get(0).id(), input);
        writeLocations(layout.machineLocations(), locations);

        FloorWatchJob.run(config);

        // Grafana's time picker: the whole simulated span, "to" a little after the job finished.
        from = start.minus(Duration.ofMinutes(1));
        to = Instant.now().plus(Duration.ofMinutes(1));
        for (Query v : variableQueries()) {
            String values = Stream.of(queryAs(v, expand(v.sql())).split("\n"))
                    .skip(2)
                    .filter(s -> !s.isBlank())
                    .map(s -> "'" + s.replace("'", "\\'") + "'")
                    .collect(Collectors.joining(","));
            variables.put(v.name().substring(v.name().lastIndexOf('$') + 1), values);
        }
    }

    @AfterAll
    static void stopWebhook() {
        if (webhook != null) webhook.close();
    }

    /**
     * The simulator's records, one JSONL file per stream as {@code jobs/floorwatch generate} writes them, plus one
     * scripted incident: the simulator spreads its error bursts over minutes, and the seed's machine-health query
     * looks for more than 5 errors within one minute, so a machine failing hard (8 errors 5 s apart, 4 minutes before
     * the end) is added, each error at its place in floor time so that nothing else turns late.
     */
    static void writeInput(FloorSimulator simulator, String failingMachine, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<Source, OutputStream> files = new EnumMap<>(Source.class);
        try {
            for (Source s : Source.FLOOR) {
                files.put(
                        s, new BufferedOutputStream(Files.newOutputStream(dir.resolve(s.code() + ".jsonl")), 1 << 16));
            }
            long burstStart = EVENTS - 4 * 60 * RATE;
            for (long i = 0; i < EVENTS; i++) {
                RawRecord r = simulator.generate(i).record();
                OutputStream out = files.get(r.source());
                out.write(r.payload());
                out.write('\n');
                long k = (i - burstStart) / (5 * RATE);
                if (i >= burstStart && k < 8 && (i - burstStart) % (5 * RATE) == 0) {
                    String error =
                            "{\"event_id\":\"scripted-error-" + k + "\",\"event_type\":\"ERROR\",\"event_timestamp\":\""
                                    + Instant.ofEpochMilli(simulator.timeOf(i)) + "\",\"machine_id\":\""
                                    + failingMachine + "\",\"error_code\":\"0x61\"}\n";
                    files.get(Source.SLOT).write(error.getBytes(StandardCharsets.UTF_8));
                }
            }
        } finally {
            for (OutputStream o : files.values()) o.close();
        }
    }

    static void writeLocations(List<MachineLocation> machines, Path csv) throws IOException {
        StringBuilder b = new StringBuilder("machine_id,floor_section,x_coord,y_coord\n");
        for (MachineLocation m : machines) {
            b.append(m.machineId())
                    .append(',')
                    .append(m.floorSection())
                    .append(',')
                    .append(m.xCoord())
                    .append(',')
                    .append(m.yCoord())
                    .append('\n');
        }
        Files.writeString(csv, b.toString());
    }

    // ------------------------------------------------------------------------------------------ the queries

    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.walk(DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON", e);
        }
    }

    /** Panels, including those folded into rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode inner : p.path("panels")) out.add(inner);
        }
        return out;
    }

    static List<Query> panelQueries() {
        List<Query> out = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode d = read(file);
            for (JsonNode p : panels(d)) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(
                            DASHBOARDS.relativize(file) + " / "
                                    + p.path("title").asText() + " / "
                                    + t.path("refId").asText(),
                            t.path("rawSql").asText(),
                            t.path("format").asInt(-1) == 0,
                            !file.startsWith(COMPLIANCE_FOLDER)));
                }
            }
        }
        return out;
    }

    static List<Query> variableQueries() {
        List<Query> out = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            for (JsonNode v : read(file).path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    JsonNode q = v.path("query");
                    out.add(new Query(
                            DASHBOARDS.relativize(file) + " / variable $"
                                    + v.path("name").asText(),
                            q.isTextual() ? q.asText() : q.path("rawSql").asText(),
                            false,
                            !file.startsWith(COMPLIANCE_FOLDER)));
                }
            }
        }
        return out;
    }

    static List<Query> seedQueries() {
        try (Stream<Path> files = Files.list(QUERIES)) {
            return files.filter(p -> p.toString().endsWith(".sql"))
                    .sorted()
                    .map(p -> new Query("queries/" + p.getFileName(), readString(p), false, true))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readString(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> allQueries() {
        return Stream.of(panelQueries(), variableQueries(), seedQueries())
                .flatMap(List::stream)
                .map(Arguments::of);
    }

    // ------------------------------------------------------------------------------------------ macros

    static final Pattern MACRO =
            Pattern.compile("\\$__(timeFilter_ms|timeFilter|timeInterval_ms|timeInterval|dateFilter)\\(([^()]*)\\)");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\$(\\w+)");

    /**
     * The query as ClickHouse receives it from Grafana: template variables interpolated (multi-value, single-quoted),
     * then the datasource's macros, with the test's time range and interval; the database renamed to the test's.
     */
    static String expand(String sql) {
        long f = from.getEpochSecond(), t = to.getEpochSecond();
        long fMs = from.toEpochMilli(), tMs = to.toEpochMilli();
        Matcher m = MACRO.matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String col = m.group(2).trim();
            String replacement = switch (m.group(1)) {
                case "timeFilter" -> col + " >= toDateTime(" + f + ") AND " + col + " <= toDateTime(" + t + ")";
                case "timeFilter_ms" ->
                    col + " >= fromUnixTimestamp64Milli(" + fMs + ") AND " + col + " <= fromUnixTimestamp64Milli(" + tMs
                            + ")";
                case "timeInterval" -> "toStartOfInterval(toDateTime(" + col + "), INTERVAL " + INTERVAL_S + " second)";
                case "timeInterval_ms" ->
                    "toStartOfInterval(toDateTime64(" + col + ", 3), INTERVAL " + INTERVAL_S * 1000 + " millisecond)";
                default ->
                    col + " >= toDate('" + from.toString().substring(0, 10) + "') AND " + col + " <= toDate('"
                            + to.toString().substring(0, 10) + "')";
            };
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        String out = b.toString()
                .replace("$__fromTime_ms", "fromUnixTimestamp64Milli(" + fMs + ")")
                .replace("$__toTime_ms", "fromUnixTimestamp64Milli(" + tMs + ")")
                .replace("$__fromTime", "toDateTime(" + f + ")")
                .replace("$__toTime", "toDateTime(" + t + ")")
                .replace("$__interval_s", String.valueOf(INTERVAL_S));
        Matcher v = VARIABLE.matcher(out);
        StringBuilder vb = new StringBuilder();
        while (v.find()) {
            String name = v.group(1) != null ? v.group(1) : v.group(3);
            // Like Grafana: a name that is no variable stays as written (a typo then fails in ClickHouse).
            String value = variables.getOrDefault(name, v.group());
            v.appendReplacement(vb, Matcher.quoteReplacement(value));
        }
        v.appendTail(vb);
        return vb.toString().replace(SchemaInstaller.DATABASE_IN_FILES + ".", db + ".");
    }

    // ------------------------------------------------------------------------------------------ tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("allQueries")
    void runsAgainstTheJobsDataAndShowsSomething(Query query) {
        String sql = expand(query.sql());
        assertFalse(sql.contains("$__"), "unexpanded macro in " + sql);
        String answer = queryAs(query, sql.strip().replaceAll(";\\s*$", ""));
        List<String> lines = List.of(answer.split("\n"));
        assertTrue(lines.size() >= 3, query + " returned no row on the simulator's data:\n" + sql);
        List<String> names = List.of(lines.get(0).split("\t", -1));
        List<String> types = List.of(lines.get(1).split("\t", -1));
        assertEquals(
                names.size(), new HashSet<>(names).size(), "column names must be unique (Grafana fields): " + names);
        boolean somethingShown = lines.stream()
                .skip(2)
                .flatMap(l -> Stream.of(l.split("\t", -1)))
                .anyMatch(DashboardQueriesTest::meaningful);
        assertTrue(somethingShown, query + " returned only zeros and nulls:\n" + answer);
        if (query.floorSide()) {
            for (String secret : List.of(
                    "SAR_STRUCTURING",
                    "CTR_REQUIRED",
                    "CTR_APPROACHING",
                    "structuring",
                    "CTR required",
                    "CTR approaching")) {
                assertFalse(
                        answer.contains(secret),
                        query + ": compliance alerts belong on the compliance dashboard only, found " + secret);
            }
        }
        if (query.timeSeries()) {
            assertEquals("time", names.get(0), "a time series query starts with its time column");
            assertTrue(types.get(0).startsWith("DateTime"), "time column type " + types.get(0));
        }
    }

    static ClickHouseServer.Login floorLogin() {
        return clickhouse.login(FLOOR_USER, FLOOR_PASSWORD_ENV);
    }

    static ClickHouseServer.Login complianceLogin() {
        return clickhouse.login(COMPLIANCE_USER, COMPLIANCE_PASSWORD_ENV);
    }

    /**
     * Runs a query as the datasource of its dashboard does: as the user of docker/clickhouse/users.d/grafana.xml
     * (grafana_floor, or grafana_compliance for the compliance dashboard), whose profile is read-only. Answers TSV
     * with names and types.
     */
    static String queryAs(Query query, String sql) {
        return queryAs(query.floorSide() ? floorLogin() : complianceLogin(), sql);
    }

    static String queryAs(ClickHouseServer.Login login, String sql) {
        HttpResponse<String> r = post(login, sql);
        assertEquals(
                200,
                r.statusCode(),
                () -> "ClickHouse refused the query of " + login.user() + ": " + r.body() + "\n" + sql);
        return r.body();
    }

    static HttpResponse<String> post(ClickHouseServer.Login login, String sql) {
        return clickhouse.postAs(login, sql, "&default_format=TSVWithNamesAndTypes");
    }

    static boolean meaningful(String cell) {
        if (cell.isEmpty() || cell.equals("\\N") || cell.equals("[]")) return false;
        try {
            return new java.math.BigDecimal(cell).signum() != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    @Test
    void dashboardsAreValidAndUseTheProvisionedDatasource() {
        List<Path> files = dashboardFiles();
        assertTrue(files.size() >= 9, "the dashboards of SPEC §6: " + files);
        Set<String> uids = new HashSet<>(), titles = new HashSet<>();
        for (Path file : files) {
            JsonNode d = read(file);
            String uid = d.path("uid").asText();
            assertFalse(uid.isBlank(), file + ": uid");
            assertTrue(uid.length() <= 40, file + ": Grafana uids are at most 40 characters");
            assertTrue(uids.add(uid), file + ": duplicate uid " + uid);
            assertTrue(titles.add(d.path("title").asText()), file + ": duplicate title");
            assertTrue(d.path("schemaVersion").asInt() >= 36, file + ": schemaVersion");
            assertTrue(
                    d.path("id").isMissingNode() || d.path("id").isNull(),
                    file + ": provisioned dashboards carry no numeric id");
            Set<Integer> ids = new HashSet<>();
            List<JsonNode> panels = panels(d);
            assertFalse(panels.isEmpty(), file + ": no panels");
            for (JsonNode p : panels) {
                String where = file.getFileName() + " / " + p.path("title").asText();
                assertTrue(ids.add(p.path("id").asInt()), where + ": duplicate panel id");
                assertTrue(PANEL_TYPES.contains(p.path("type").asText()), where + ": panel type " + p.path("type"));
                assertTrue(
                        p.path("gridPos").path("w").asInt() > 0
                                && p.path("gridPos").path("x").asInt()
                                                + p.path("gridPos").path("w").asInt()
                                        <= 24,
                        where + ": gridPos");
                if (p.path("type").asText().equals("row")
                        || p.path("type").asText().equals("text")) continue;
                assertDatasource(p.path("datasource"), expectedDatasource(file), where);
                assertFalse(p.path("targets").isEmpty(), where + ": no targets");
                for (JsonNode t : p.path("targets")) {
                    assertDatasource(t.path("datasource"), expectedDatasource(file), where + " / " + t.path("refId"));
                    assertEquals("sql", t.path("editorType").asText(), where + ": editorType");
                    int format = t.path("format").asInt(-1);
                    assertTrue(format == 0 || format == 1, where + ": format 0 (time series) or 1 (table)");
                    assertEquals(
                            format == 0 ? "timeSeries" : "table",
                            t.path("queryType").asText(),
                            where + ": queryType matches format");
                    assertEquals(
                            p.path("type").asText().equals("timeseries"),
                            format == 0,
                            where + ": time series panels, and only they, ask for time series");
                    String sql = t.path("rawSql").asText();
                    assertFalse(sql.isBlank(), where + ": rawSql");
                    assertTrue(
                            sql.contains(SchemaInstaller.DATABASE_IN_FILES + "."),
                            where + ": tables named with their database");
                    if (format == 0)
                        assertTrue(sql.contains("ORDER BY time"), where + ": a time series is sorted by time");
                }
            }
        }
    }

    @Test
    void theReadOnlyUsersTheQueriesRunAsRefuseWrites() {
        for (ClickHouseServer.Login login : List.of(floorLogin(), complianceLogin())) {
            HttpResponse<String> r = post(login, "INSERT INTO " + db + ".machine_locations VALUES ('SM-X', 'Z', 0, 0)");
            assertTrue(
                    r.statusCode() != 200
                            && (r.body().contains("readonly") || r.body().contains("ACCESS_DENIED")),
                    login.user() + " must be refused an INSERT: " + r.body());
        }
    }

    /** The job's data has compliance alerts; the floor's user sees none of them, the compliance user all. */
    @Test
    void theFloorUserSeesNoComplianceAlertOfTheJobsData() {
        String sql = "SELECT count() FROM " + db
                + ".alerts WHERE rule IN ('CTR_REQUIRED', 'CTR_APPROACHING', 'SAR_STRUCTURING')";
        long all = clickhouse.count(sql);
        assertTrue(all > 0, "the simulator's data has CTR and SAR alerts");
        assertEquals(String.valueOf(all), queryAs(complianceLogin(), sql).split("\n")[2]);
        assertEquals("0", queryAs(floorLogin(), sql).split("\n")[2]);
    }

    /** SPEC 8.5 on the simulator's data: meters agree with the events everywhere but on the one drifting machine. */
    @Test
    void onlyTheDriftingMachineRaisesMeterVariance() {
        assertTrue(clickhouse.count("SELECT count() FROM " + db + ".machine_meter_deltas FINAL") > 100, "meter deltas");
        assertEquals(
                1,
                clickhouse.count(
                        "SELECT uniqExact(entity_id) FROM " + db + ".alerts FINAL WHERE rule = 'METER_VARIANCE'"),
                clickhouse.query(
                        "SELECT entity_id, summary FROM " + db + ".alerts FINAL WHERE rule = 'METER_VARIANCE'"));
        assertTrue(clickhouse.count("SELECT count() FROM " + db
                        + ".alerts FINAL WHERE rule IN ('INTEGRITY_EVENT', 'POWER_OFF_ACCESS')")
                > 0);
    }

    static String expectedDatasource(Path file) {
        return file.startsWith(COMPLIANCE_FOLDER) ? COMPLIANCE_DATASOURCE_UID : DATASOURCE_UID;
    }

    static void assertDatasource(JsonNode ds, String uid, String where) {
        assertEquals(uid, ds.path("uid").asText(), where + ": datasource uid");
        assertEquals(DATASOURCE_TYPE, ds.path("type").asText(), where + ": datasource type");
    }

    /**
     * docker-compose.yml has two Grafanas: {@code grafana} (the floor) provisions the floor datasource and the floor
     * dashboards only, {@code grafana-compliance} the compliance datasource and the compliance dashboard only; each
     * datasource logs in as its ClickHouse user with the password from the environment; no anonymous access, the
     * admin password from the environment.
     */
    @Test
    void provisioningPointsAtTheDatasourceAndTheDashboards() throws IOException {
        JsonNode services = YAML.valueToTree(
                        new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("docker/docker-compose.yml"))))
                .path("services");
        Map<Path, String> servedBy = new HashMap<>();
        record Side(String service, Path provisioning, String uid, String user, String passwordEnv) {}
        for (Side side : List.of(
                new Side("grafana", PROVISIONING, DATASOURCE_UID, FLOOR_USER, FLOOR_PASSWORD_ENV),
                new Side(
                        "grafana-compliance",
                        COMPLIANCE_PROVISIONING,
                        COMPLIANCE_DATASOURCE_UID,
                        COMPLIANCE_USER,
                        COMPLIANCE_PASSWORD_ENV))) {
            JsonNode service = services.path(side.service());
            assertFalse(service.isMissingNode(), "docker-compose.yml has no service " + side.service());
            JsonNode env = service.path("environment");
            assertEquals(
                    "false", env.path("GF_AUTH_ANONYMOUS_ENABLED").asText(), side.service() + ": no anonymous viewers");
            assertTrue(
                    env.path("GF_SECURITY_ADMIN_PASSWORD").asText().matches("\\$\\{[A-Z_]+:\\?.+}"),
                    side.service() + ": the admin password from the environment, required: "
                            + env.path("GF_SECURITY_ADMIN_PASSWORD"));
            assertTrue(
                    env.path(side.passwordEnv()).asText().startsWith("${" + side.passwordEnv() + ":?"),
                    side.service() + ": " + side.passwordEnv() + " from the environment");
            // mounts: host folder (relative to docker/) -> container path
            Map<String, Path> mounts = new HashMap<>();
            for (JsonNode v : service.path("volumes")) {
                String[] parts = v.asText().split(":");
                if (parts[0].startsWith("."))
                    mounts.put(parts[1], Path.of("docker").resolve(parts[0]).normalize());
            }
            assertEquals(
                    side.provisioning().resolve("datasources").normalize(),
                    mounts.get("/etc/grafana/provisioning/datasources"),
                    side.service());
            assertEquals(
                    side.provisioning().resolve("dashboards").normalize(),
                    mounts.get("/etc/grafana/provisioning/dashboards"),
                    side.service());

            JsonNode datasources = YAML.readTree(side.provisioning()
                            .resolve("datasources/clickhouse.yaml")
                            .toFile())
                    .path("datasources");
            assertEquals(1, datasources.size(), side.service() + ": one datasource");
            JsonNode ds = datasources.get(0);
            assertEquals(side.uid(), ds.path("uid").asText());
            assertEquals(DATASOURCE_TYPE, ds.path("type").asText());
            assertEquals("clickhouse", ds.path("jsonData").path("host").asText());
            assertEquals(9000, ds.path("jsonData").path("port").asInt());
            assertEquals("native", ds.path("jsonData").path("protocol").asText());
            assertEquals(side.user(), ds.path("jsonData").path("username").asText());
            assertEquals(
                    SchemaInstaller.DATABASE_IN_FILES,
                    ds.path("jsonData").path("defaultDatabase").asText());
            assertEquals(
                    "$" + side.passwordEnv(),
                    ds.path("secureJsonData").path("password").asText(),
                    "password from the environment, never in the file");
            // the user and its password variable are the ones users.d defines
            assertTrue(
                    Pattern.compile("<" + side.user() + ">\\s*<password from_env=\"" + side.passwordEnv() + "\"/>")
                            .matcher(readString(Path.of(ClickHouseServer.USERS_D, "grafana.xml")))
                            .find(),
                    side.user() + " in users.d, password from " + side.passwordEnv());

            for (JsonNode provider : YAML.readTree(side.provisioning()
                            .resolve("dashboards/floorwatch.yaml")
                            .toFile())
                    .path("providers")) {
                assertEquals("file", provider.path("type").asText());
                String path = provider.path("options").path("path").asText();
                Path folder = mounts.get(path);
                assertNotNull(folder, side.service() + ": provider path " + path + " is no mount of the service");
                assertTrue(Files.isDirectory(folder), "provider path " + path + " has no folder " + folder);
                assertEquals(null, servedBy.put(folder, side.uid()), "two providers on " + folder);
            }
        }
        for (Path file : dashboardFiles()) {
            assertEquals(
                    expectedDatasource(file),
                    servedBy.get(file.getParent()),
                    file + ": provisioned (providers don't nest) by the Grafana whose datasource it uses");
        }
        assertEquals(
                COMPLIANCE_DATASOURCE_UID,
                servedBy.get(COMPLIANCE_FOLDER),
                "the compliance dashboard in the compliance Grafana");
    }
}
