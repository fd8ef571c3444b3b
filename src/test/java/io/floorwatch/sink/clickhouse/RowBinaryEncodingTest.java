package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.compliance.MtlEntry;
import io.floorwatch.compliance.W2gForm;
import io.floorwatch.control.RuleChange;
import io.floorwatch.event.ErrorCategory;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Meters;
import io.floorwatch.event.Money;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.event.Source;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMeterDelta;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerOffer;
import io.floorwatch.player.PlayerRating;
import io.floorwatch.player.PlayerSession;
import io.floorwatch.sink.webhook.AlertDelivery;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every table's rows go out as RowBinary, derived from one column list per table ({@link ClickHouseSinks}). The
 * reference is the JSONEachRow row each table had before, written here field by field as the JSON encoders wrote it:
 * ClickHouse must hold exactly the same rows from both, for records with every optional field sometimes null, odd
 * strings and large numbers.
 */
class RowBinaryEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 300;
    private static final long NOW = System.currentTimeMillis(); // recent: the tables have TTLs
    private static final String[] ODD = {
        "", "plain", "tab\there", "line\nbreak", "quote\"'\\", "ünïcødé €", "😀 emoji", "x".repeat(300)
    };

    private static TestDatabase binary;
    private static TestDatabase json;

    @BeforeAll
    static void setUp() throws Exception {
        binary = new TestDatabase("rowbinary");
        json = new TestDatabase("jsonrows");
    }

    @AfterAll
    static void tearDown() {
        binary.drop();
        json.drop();
    }

    @Test
    void floorEvents() throws Exception {
        List<FloorEvent> events = records(2_000, RowBinaryEncodingTest::floorEvent);
        assertSameRows(ClickHouseSinks.FLOOR_EVENTS, events, RowBinaryEncodingTest::floorEventJson);
    }

    @Test
    void rejectedEvents() throws Exception {
        assertSameRows(
                ClickHouseSinks.REJECTED_EVENTS,
                records(ROWS, RowBinaryEncodingTest::rejected),
                r -> row(
                        "received_at", dateTime64(r.receivedAt()),
                        "source", r.source() == null ? "" : r.source().code(),
                        "topic", orEmpty(r.topic()),
                        "partition", r.partition(),
                        "offset", r.offset(),
                        "reason", orEmpty(r.reason()),
                        "message", orEmpty(r.message()),
                        "payload", ClickHouseSinks.cut(r.payload(), RejectedEvent.MAX_PAYLOAD_BYTES)));
    }

    @Test
    void alerts() throws Exception {
        assertSameRows(
                ClickHouseSinks.ALERTS,
                records(ROWS, RowBinaryEncodingTest::alert),
                a -> row(
                        "alert_id",
                        a.alertId,
                        "rule",
                        a.rule,
                        "severity",
                        a.severity == null ? "" : a.severity.name(),
                        "status",
                        a.status,
                        "entity_type",
                        a.entityType,
                        "entity_id",
                        a.entityId,
                        "event_time",
                        dateTime64(a.eventTime),
                        "detected_at",
                        dateTime64(a.detectedAt),
                        "amount",
                        money(a.amountCents),
                        "summary",
                        orEmpty(a.summary),
                        "action",
                        orEmpty(a.action),
                        "details",
                        a.details == null ? "{}" : a.details));
    }

    @Test
    void alertDeliveries() throws Exception {
        assertSameRows(
                ClickHouseSinks.ALERT_DELIVERIES,
                records(ROWS, RowBinaryEncodingTest::delivery),
                d -> row(
                        "alert_id", d.alertId(),
                        "status", d.status(),
                        "route", d.route(),
                        "attempt", d.attempt(),
                        "status_code", d.statusCode(),
                        "outcome", d.outcome(),
                        "error", orEmpty(d.error()),
                        "attempted_at", dateTime64(d.attemptedAt()),
                        "duration_ms", Math.max(0, d.durationMs())));
    }

    @Test
    void windowAggregates() throws Exception {
        assertSameRows(
                ClickHouseSinks.MACHINE_MINUTES,
                records(ROWS, RowBinaryEncodingTest::machineMinute),
                m -> row(
                        "window_start", dateTime(m.windowStart),
                        "machine_id", m.machineId,
                        "floor_section", m.floorSection == null ? "UNKNOWN" : m.floorSection,
                        "spins", m.spins,
                        "coin_in", money(m.coinInCents),
                        "coin_out", money(m.coinOutCents),
                        "jackpots", m.jackpots,
                        "errors", m.errors,
                        "bills_in", money(m.billsInCents),
                        "players", m.players,
                        "version", m.version));
        assertSameRows(
                ClickHouseSinks.FLOOR_MINUTES,
                records(ROWS, RowBinaryEncodingTest::floorMinute),
                f -> row(
                        "window_start",
                        dateTime(f.windowStart),
                        "floor_section",
                        f.floorSection == null ? "UNKNOWN" : f.floorSection,
                        "spins",
                        f.spins,
                        "coin_in",
                        money(f.coinInCents),
                        "coin_out",
                        money(f.coinOutCents),
                        "active_machines",
                        f.activeMachines,
                        "version",
                        f.version));
        assertSameRows(
                ClickHouseSinks.TABLE_MINUTES,
                records(ROWS, RowBinaryEncodingTest::tableMinute),
                t -> row(
                        "window_start", dateTime(t.windowStart),
                        "table_id", t.tableId,
                        "game_type", orEmpty(t.gameType),
                        "drop_amount", money(t.dropCents),
                        "payouts", money(t.payoutsCents),
                        "fills", money(t.fillsCents),
                        "credits", money(t.creditsCents),
                        "bets", t.bets,
                        "version", t.version));
        assertSameRows(
                ClickHouseSinks.METER_DELTAS,
                records(ROWS, RowBinaryEncodingTest::meterDelta),
                d -> row(
                        "window_start",
                        dateTime(d.windowStart),
                        "machine_id",
                        d.machineId,
                        "floor_section",
                        d.floorSection == null ? "UNKNOWN" : d.floorSection,
                        "coin_in",
                        money(d.coinInCents),
                        "coin_out",
                        money(d.coinOutCents),
                        "jackpot",
                        money(d.jackpotCents),
                        "bills_in",
                        money(d.billsInCents),
                        "games_played",
                        d.gamesPlayed,
                        "rollovers",
                        d.rollovers,
                        "resets",
                        d.resets));
    }

    @Test
    void machineLocationsAndRuleChanges() throws Exception {
        assertSameRows(
                ClickHouseSinks.MACHINE_LOCATIONS,
                records(ROWS, RowBinaryEncodingTest::location),
                l -> row(
                        "machine_id", l.machineId(),
                        "floor_section", l.floorSection() == null ? "UNKNOWN" : l.floorSection(),
                        "x_coord", l.xCoord(),
                        "y_coord", l.yCoord()));
        assertSameRows(
                ClickHouseSinks.RULE_CHANGES,
                records(ROWS, RowBinaryEncodingTest::ruleChange),
                c -> row(
                        "change_id", c.changeId,
                        "key", c.key,
                        "old_value", c.oldValue,
                        "new_value", c.newValue,
                        "changed_by", c.changedBy,
                        "changed_at", c.changedAt == null ? null : dateTime64(c.changedAt),
                        "applied_at", dateTime64(c.appliedAt),
                        "status", c.status.name(),
                        "message", c.message));
    }

    @Test
    void complianceTables() throws Exception {
        assertSameRows(
                ClickHouseSinks.MTL_ENTRIES,
                records(ROWS, RowBinaryEncodingTest::mtl),
                m -> row(
                        "event_id", m.eventId,
                        "gaming_day", m.gamingDay,
                        "player_id", m.playerId,
                        "direction", m.direction,
                        "amount", money(m.amountCents),
                        "event_time", dateTime64(m.eventTime),
                        "source", m.source,
                        "location", m.location,
                        "employee_id", m.employeeId,
                        "day_total", money(m.dayTotalCents)));
        assertSameRows(
                ClickHouseSinks.W2G_FORMS,
                records(ROWS, RowBinaryEncodingTest::w2g),
                f -> row(
                        "alert_id",
                        f.alertId,
                        "machine_id",
                        f.machineId,
                        "player_id",
                        f.playerId,
                        "id_required",
                        f.idRequired ? 1 : 0,
                        "gross_winnings",
                        money(f.grossWinningsCents),
                        "wager",
                        money(f.wagerCents),
                        "date_won",
                        f.dateWon,
                        "event_time",
                        dateTime64(f.eventTime),
                        "threshold",
                        money(f.thresholdCents),
                        "floor_section",
                        f.floorSection));
    }

    @Test
    void playerTables() throws Exception {
        assertSameRows(
                ClickHouseSinks.PLAYER_SESSIONS,
                records(ROWS, RowBinaryEncodingTest::session),
                s -> row(
                        "player_id", s.playerId,
                        "session_start", dateTime64(s.sessionStart),
                        "session_end", dateTime64(s.sessionEnd),
                        "coin_in", money(s.coinInCents),
                        "games", s.games,
                        "avg_bet", money(s.avgBetCents),
                        "theo_win", money(s.theoWinCents),
                        "minutes_played", s.minutesPlayed,
                        "version", Math.max(0, s.sessionEnd)));
        assertSameRows(
                ClickHouseSinks.PLAYER_RATINGS,
                records(ROWS, RowBinaryEncodingTest::rating),
                r -> row(
                        "player_id", r.playerId,
                        "gaming_day", r.gamingDay,
                        "coin_in", money(r.coinInCents),
                        "games", r.games,
                        "avg_bet", money(r.avgBetCents),
                        "theo_win", money(r.theoWinCents),
                        "minutes_played", r.minutesPlayed,
                        "sessions", r.sessions,
                        "last_seen", dateTime64(r.lastSeen),
                        "version", r.version));
        assertSameRows(
                ClickHouseSinks.PLAYER_OFFERS,
                records(ROWS, RowBinaryEncodingTest::offer),
                o -> row(
                        "offer_id",
                        o.offerId,
                        "player_id",
                        o.playerId,
                        "rule_id",
                        o.ruleId,
                        "reward",
                        o.reward,
                        "value",
                        money(o.valueCents),
                        "gaming_day",
                        o.gamingDay,
                        "theo_win",
                        money(o.theoWinCents),
                        "coin_in",
                        money(o.coinInCents),
                        "minutes_played",
                        o.minutesPlayed,
                        "machine_id",
                        orEmpty(o.machineId),
                        "event_time",
                        dateTime64(o.eventTime),
                        "detected_at",
                        dateTime64(o.detectedAt)));
    }

    /**
     * Writes the records through the sink's writer into one database and their reference rows as JSONEachRow into the
     * other, then compares every table they went to, whole.
     */
    private static <T> void assertSameRows(
            RowEncoder<T> encoder, List<T> records, Function<T, Map<String, Object>> reference) throws Exception {
        ClickHouseSinkWriter<T> w = new ClickHouseSinkWriter<>(
                binary.settings,
                encoder,
                new ClickHouseHttp(binary.settings),
                new TestProcessingTimeService(),
                InternalSinkWriterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup()),
                List.of());
        for (T r : records) w.write(r, null);
        w.flush(true);
        w.close();
        assertEquals(0, w.rowsRejected.getCount(), "every record is encodable");

        Map<String, List<T>> byTable =
                records.stream().collect(Collectors.groupingBy(encoder::table, TreeMap::new, Collectors.toList()));
        ClickHouseHttp http = new ClickHouseHttp(json.settings);
        for (Map.Entry<String, List<T>> e : byTable.entrySet()) {
            String table = e.getKey();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (T r : e.getValue()) {
                body.write(JSON.writeValueAsBytes(reference.apply(r)));
                body.write('\n');
            }
            byte[] bytes = body.toByteArray();
            http.insert(table, "JSONEachRow", List.of(), bytes, 0, bytes.length, "reference-" + table);

            String orderBy =
                    encoder.columns(table).stream().map(c -> '`' + c + '`').collect(Collectors.joining(", "));
            String select = "SELECT * FROM %s ORDER BY " + orderBy;
            String expected = json.query(select.formatted(json.table(table)));
            assertEquals(e.getValue().size(), expected.lines().count(), table);
            assertEquals(expected, binary.query(select.formatted(binary.table(table))), table);
        }
    }

    private static <T> List<T> records(int n, IntFunction<T> make) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(make.apply(i));
        return out;
    }

    /** One random source per record index: the same records every run. */
    private static SplittableRandom random(int i) {
        return new SplittableRandom(11L * 1_000_003 + i);
    }

    // ---- the reference: the JSONEachRow rows of the encoders before RowBinary was their only encoding

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return row;
    }

    private static String dateTime64(long epochMillis) {
        return ClickHouseText.dateTime64(epochMillis);
    }

    private static String dateTime(long epochMillis) {
        return ClickHouseText.dateTime(epochMillis);
    }

    /** Money as an exact decimal string in dollars (ClickHouse parses Decimal from it without binary floating point). */
    private static String money(Long cents) {
        return cents == null ? null : Money.toDecimalString(cents);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, Object> floorEventJson(FloorEvent e) {
        Map<String, Object> row =
                row("event_id", e.eventId, "event_type", e.eventType, "event_timestamp", dateTime64(e.eventTime));
        switch (e.source) {
            case SLOT ->
                row.putAll(row(
                        "machine_id",
                        e.machineId != null ? e.machineId : e.entityId,
                        "player_id",
                        e.playerId,
                        "wager_amount",
                        money(e.wagerCents),
                        "payout_amount",
                        money(e.payoutCents),
                        "amount",
                        money(e.amountCents),
                        "denomination",
                        e.denomination == null
                                ? null
                                : e.denomination.setScale(2, RoundingMode.DOWN).toPlainString(),
                        "hopper_level",
                        e.hopperLevel,
                        "error_code",
                        e.errorCode,
                        "error_category",
                        e.errorCategory == null ? null : e.errorCategory.name(),
                        "meters",
                        e.meters == null ? null : e.meters.toJson(),
                        "floor_section",
                        e.floorSection));
            case TABLE ->
                row.putAll(row(
                        "table_id", e.tableId != null ? e.tableId : e.entityId,
                        "game_type", e.gameType,
                        "amount", money(e.amountCents),
                        "player_id", e.playerId,
                        "payment_method", e.paymentMethod,
                        "dealer_id", e.dealerId));
            case SECURITY ->
                row.putAll(row(
                        "location_id", e.locationId != null ? e.locationId : e.entityId,
                        "machine_id", e.machineId,
                        "badge_id", e.badgeId,
                        "severity", e.severity));
            case CAGE ->
                row.putAll(row(
                        "player_id",
                        e.playerId != null ? e.playerId : e.entityId,
                        "amount",
                        money(e.amount()),
                        "direction",
                        orEmpty(e.direction),
                        "payment_method",
                        orEmpty(e.paymentMethod),
                        "cage_id",
                        e.cageId,
                        "employee_id",
                        e.employeeId));
            default -> throw new AssertionError(e.source);
        }
        row.putAll(row(
                "extra", orEmpty(e.extra),
                "topic", orEmpty(e.topic),
                "partition", e.partition,
                "offset", e.offset,
                "ingested_at", dateTime64(e.ingestTime)));
        return row;
    }

    // ---- records: every stream and table, optional fields sometimes null, odd strings, big numbers

    private static String odd(SplittableRandom r) {
        return ODD[r.nextInt(ODD.length)];
    }

    private static <V> V maybe(SplittableRandom r, V value) {
        return r.nextBoolean() ? value : null;
    }

    private static long time(SplittableRandom r) {
        return NOW - r.nextLong(86_400_000L);
    }

    /** The start of the {@code i}-th minute before now: one window per record, so no two rows share a key. */
    private static long minute(int i) {
        return (NOW / 60_000 - 1 - i) * 60_000;
    }

    private static long cents(SplittableRandom r) {
        return r.nextBoolean() ? r.nextLong(1_000_000_000L) : r.nextLong(999_999_999_999_999_999L);
    }

    private static String day(SplittableRandom r) {
        return LocalDate.ofEpochDay(LocalDate.now().toEpochDay() - r.nextInt(300))
                .toString();
    }

    private static FloorEvent floorEvent(int i) {
        SplittableRandom r = random(i);
        FloorEvent e = new FloorEvent();
        e.source = Source.FLOOR.get(i % 4);
        e.eventId = "ev-" + i;
        e.eventType = "TYPE_" + r.nextInt(5);
        e.eventTime = time(r);
        e.entityId = "E-" + r.nextInt(100);
        e.topic = maybe(r, "topic-" + e.source.code());
        e.partition = r.nextInt(3);
        e.offset = r.nextLong(Long.MAX_VALUE / 2);
        e.ingestTime = e.eventTime + r.nextInt(1000);
        e.extra = maybe(r, "{\"k\":\"" + i + "\"}");
        switch (e.source) {
            case SLOT -> {
                e.machineId = maybe(r, e.entityId);
                e.playerId = maybe(r, "P-" + i);
                e.wagerCents = maybe(r, cents(r));
                e.payoutCents = maybe(r, cents(r));
                e.amountCents = maybe(r, 0L);
                e.denomination =
                        maybe(r, new BigDecimal(new String[] {"0.01", "0.25", "1", "100", "0.005"}[r.nextInt(5)]));
                e.hopperLevel = maybe(r, r.nextDouble() * 100);
                e.errorCode = maybe(r, odd(r));
                e.errorCategory = maybe(r, ErrorCategory.values()[r.nextInt(ErrorCategory.values().length)]);
                if (r.nextInt(4) == 0) {
                    Meters m = new Meters();
                    m.coinIn = r.nextLong(1_000_000_000L);
                    m.gamesPlayed = r.nextInt(100_000);
                    e.meters = m;
                }
                e.floorSection = maybe(r, "S" + r.nextInt(6));
            }
            case TABLE -> {
                e.tableId = e.entityId;
                e.gameType = maybe(r, "BLACKJACK");
                e.amountCents = maybe(r, cents(r));
                e.playerId = maybe(r, odd(r));
                e.paymentMethod = maybe(r, "CASH");
                e.dealerId = maybe(r, "D-" + i);
            }
            case SECURITY -> {
                e.locationId = maybe(r, e.entityId);
                e.machineId = maybe(r, "SM-" + i);
                e.badgeId = maybe(r, odd(r));
                e.severity = maybe(r, "HIGH");
            }
            case CAGE -> {
                e.playerId = maybe(r, e.entityId);
                e.amountCents = cents(r);
                e.direction = maybe(r, "CASH_IN");
                e.paymentMethod = "CASH";
                e.cageId = maybe(r, odd(r));
                e.employeeId = maybe(r, "E-" + i);
            }
            default -> throw new AssertionError(e.source);
        }
        return e;
    }

    private static RejectedEvent rejected(int i) {
        SplittableRandom r = random(i);
        return new RejectedEvent(
                time(r),
                maybe(r, Source.values()[r.nextInt(Source.values().length)]),
                "topic-" + r.nextInt(3),
                r.nextInt(4),
                i,
                maybe(r, "INVALID_JSON"),
                maybe(r, odd(r)),
                r.nextInt(10) == 0 ? "€".repeat(30_000) : maybe(r, odd(r)));
    }

    private static Alert alert(int i) {
        SplittableRandom r = random(i);
        Alert a = Alert.firing(
                "RULE_" + r.nextInt(4),
                maybe(r, Severity.values()[r.nextInt(Severity.values().length)]),
                "machine",
                "SM-" + i,
                "ev-" + i,
                time(r),
                maybe(r, cents(r)),
                maybe(r, odd(r)),
                maybe(r, odd(r)),
                maybe(r, "{\"i\":" + i + "}"));
        a.detectedAt = a.eventTime + r.nextInt(1000);
        return r.nextBoolean() ? a : a.resolvedAt(a.eventTime + 60_000, maybe(r, "cleared"), null);
    }

    private static AlertDelivery delivery(int i) {
        SplittableRandom r = random(i);
        return new AlertDelivery(
                "a-" + i,
                r.nextBoolean() ? "firing" : "resolved",
                r.nextBoolean() ? "floor" : "compliance",
                1 + r.nextInt(1000),
                maybe(r, 200 + r.nextInt(400)),
                r.nextBoolean() ? AlertDelivery.DELIVERED : AlertDelivery.RETRY,
                maybe(r, odd(r)),
                time(r),
                r.nextLong(-5, 100_000));
    }

    private static MachineMinute machineMinute(int i) {
        SplittableRandom r = random(i);
        MachineMinute m = new MachineMinute();
        m.windowStart = minute(i);
        m.machineId = "SM-" + i;
        m.floorSection = maybe(r, odd(r));
        m.spins = r.nextLong(1_000_000);
        m.coinInCents = cents(r);
        m.coinOutCents = cents(r);
        m.jackpots = r.nextInt(5);
        m.errors = r.nextInt(50);
        m.billsInCents = cents(r);
        m.players = r.nextInt(20);
        m.version = r.nextLong(Long.MAX_VALUE);
        return m;
    }

    private static FloorMinute floorMinute(int i) {
        SplittableRandom r = random(i);
        FloorMinute f = new FloorMinute();
        f.windowStart = minute(i);
        f.floorSection = i % 7 == 0 ? null : "S-" + i;
        f.spins = r.nextLong(1_000_000);
        f.coinInCents = cents(r);
        f.coinOutCents = cents(r);
        f.activeMachines = r.nextInt(500);
        f.version = r.nextInt(100);
        return f;
    }

    private static TableMinute tableMinute(int i) {
        SplittableRandom r = random(i);
        TableMinute t = new TableMinute();
        t.windowStart = minute(i);
        t.tableId = "BJ-" + i;
        t.gameType = maybe(r, odd(r));
        t.dropCents = cents(r);
        t.payoutsCents = cents(r);
        t.fillsCents = cents(r);
        t.creditsCents = cents(r);
        t.bets = r.nextInt(1000);
        t.version = r.nextInt(100);
        return t;
    }

    private static MachineMeterDelta meterDelta(int i) {
        SplittableRandom r = random(i);
        MachineMeterDelta d = new MachineMeterDelta(minute(i), "SM-" + i, maybe(r, odd(r)));
        d.coinInCents = cents(r);
        d.coinOutCents = cents(r);
        d.jackpotCents = cents(r);
        d.billsInCents = cents(r);
        d.gamesPlayed = r.nextInt(10_000);
        d.rollovers = r.nextInt(5);
        d.resets = r.nextInt(5);
        return d;
    }

    private static MachineLocation location(int i) {
        SplittableRandom r = random(i);
        return new MachineLocation(
                "SM-" + i, maybe(r, odd(r)), r.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE), r.nextInt(100), 25);
    }

    private static RuleChange ruleChange(int i) {
        SplittableRandom r = random(i);
        RuleChange c = new RuleChange();
        c.changeId = "c-" + i;
        c.key = "rules.key-" + r.nextInt(5);
        c.oldValue = maybe(r, odd(r));
        c.newValue = maybe(r, odd(r));
        c.changedBy = maybe(r, "j.doe");
        c.changedAt = maybe(r, time(r));
        c.appliedAt = time(r);
        c.status = r.nextBoolean() ? RuleChange.APPLIED : RuleChange.REJECTED;
        c.message = maybe(r, odd(r));
        return c;
    }

    private static MtlEntry mtl(int i) {
        SplittableRandom r = random(i);
        MtlEntry m = new MtlEntry();
        m.eventId = "ev-" + i;
        m.gamingDay = day(r);
        m.playerId = maybe(r, "P-" + i);
        m.direction = r.nextBoolean() ? "CASH_IN" : "CASH_OUT";
        m.amountCents = cents(r);
        m.eventTime = time(r);
        m.source = r.nextBoolean() ? "cage" : "table";
        m.location = maybe(r, odd(r));
        m.employeeId = maybe(r, "E-" + i);
        m.dayTotalCents = maybe(r, cents(r));
        return m;
    }

    private static W2gForm w2g(int i) {
        SplittableRandom r = random(i);
        W2gForm f = new W2gForm();
        f.alertId = "a-" + i;
        f.machineId = "SM-" + i;
        f.playerId = maybe(r, "P-" + i);
        f.idRequired = f.playerId == null;
        f.grossWinningsCents = cents(r);
        f.wagerCents = maybe(r, cents(r));
        f.dateWon = day(r);
        f.eventTime = time(r);
        f.thresholdCents = r.nextBoolean() ? 120_000 : 200_000;
        f.floorSection = maybe(r, odd(r));
        return f;
    }

    private static PlayerSession session(int i) {
        SplittableRandom r = random(i);
        PlayerSession s = new PlayerSession();
        s.playerId = "P-" + i;
        s.sessionStart = time(r);
        s.sessionEnd = s.sessionStart + r.nextLong(10_000_000);
        s.coinInCents = cents(r);
        s.games = r.nextInt(10_000);
        s.avgBetCents = cents(r);
        s.theoWinCents = cents(r);
        s.minutesPlayed = r.nextInt(600);
        return s;
    }

    private static PlayerRating rating(int i) {
        SplittableRandom r = random(i);
        PlayerRating p = new PlayerRating();
        p.playerId = "P-" + i;
        p.gamingDay = day(r);
        p.coinInCents = cents(r);
        p.games = r.nextInt(10_000);
        p.avgBetCents = cents(r);
        p.theoWinCents = cents(r);
        p.minutesPlayed = r.nextInt(1_440);
        p.sessions = r.nextInt(10);
        p.lastSeen = time(r);
        p.version = r.nextLong(Long.MAX_VALUE);
        return p;
    }

    private static PlayerOffer offer(int i) {
        SplittableRandom r = random(i);
        PlayerOffer o = new PlayerOffer();
        o.offerId = "o-" + i;
        o.playerId = "P-" + i;
        o.ruleId = "rule-" + r.nextInt(3);
        o.reward = "FREE_PLAY";
        o.valueCents = cents(r);
        o.gamingDay = day(r);
        o.theoWinCents = cents(r);
        o.coinInCents = cents(r);
        o.minutesPlayed = r.nextInt(600);
        o.machineId = maybe(r, "SM-" + i);
        o.eventTime = time(r);
        o.detectedAt = o.eventTime + r.nextInt(1000);
        return o;
    }

    /** Each table of the schema has exactly one row definition, which writes every one of its columns, in order. */
    @Test
    void everyTableHasOneRowDefinitionWithAllItsColumns() {
        Map<String, RowEncoder<?>> encoders = new LinkedHashMap<>();
        for (String raw :
                List.of(Tables.SLOT_EVENTS, Tables.TABLE_EVENTS, Tables.SECURITY_EVENTS, Tables.CAGE_TRANSACTIONS))
            encoders.put(raw, ClickHouseSinks.FLOOR_EVENTS);
        for (RowEncoder<?> e : List.of(
                ClickHouseSinks.MACHINE_MINUTES,
                ClickHouseSinks.FLOOR_MINUTES,
                ClickHouseSinks.TABLE_MINUTES,
                ClickHouseSinks.PLAYER_SESSIONS,
                ClickHouseSinks.ALERTS,
                ClickHouseSinks.ALERT_DELIVERIES,
                ClickHouseSinks.REJECTED_EVENTS,
                ClickHouseSinks.MACHINE_LOCATIONS,
                ClickHouseSinks.METER_DELTAS,
                ClickHouseSinks.MTL_ENTRIES,
                ClickHouseSinks.W2G_FORMS,
                ClickHouseSinks.RULE_CHANGES,
                ClickHouseSinks.PLAYER_RATINGS,
                ClickHouseSinks.PLAYER_OFFERS)) {
            String table = ((RowEncoder.TableEncoder<?>) e).table();
            assertTrue(encoders.put(table, e) == null, "two row definitions for " + table);
        }
        assertEquals(new java.util.TreeSet<>(Tables.ALL), new java.util.TreeSet<>(encoders.keySet()));
        encoders.forEach((table, encoder) -> assertEquals(
                json.query("SELECT name FROM system.columns WHERE database = '" + json.name + "' AND table = '" + table
                        + "' ORDER BY position"),
                String.join("\n", encoder.columns(table)),
                table));
    }
}
