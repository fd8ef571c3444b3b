package io.floorwatch.sink.clickhouse;

import static io.floorwatch.sink.clickhouse.Columns.DATE;
import static io.floorwatch.sink.clickhouse.Columns.DATE_TIME;
import static io.floorwatch.sink.clickhouse.Columns.DATE_TIME64;
import static io.floorwatch.sink.clickhouse.Columns.DECIMAL;
import static io.floorwatch.sink.clickhouse.Columns.INT32;
import static io.floorwatch.sink.clickhouse.Columns.INT64;
import static io.floorwatch.sink.clickhouse.Columns.NULLABLE_DATE_TIME64;
import static io.floorwatch.sink.clickhouse.Columns.NULLABLE_DECIMAL;
import static io.floorwatch.sink.clickhouse.Columns.NULLABLE_DECIMAL_VALUE;
import static io.floorwatch.sink.clickhouse.Columns.NULLABLE_FLOAT64;
import static io.floorwatch.sink.clickhouse.Columns.NULLABLE_INT32;
import static io.floorwatch.sink.clickhouse.Columns.NULLABLE_STRING;
import static io.floorwatch.sink.clickhouse.Columns.STRING;
import static io.floorwatch.sink.clickhouse.Columns.UINT32;
import static io.floorwatch.sink.clickhouse.Columns.UINT64;
import static io.floorwatch.sink.clickhouse.Columns.UINT8;

import io.floorwatch.alert.Alert;
import io.floorwatch.compliance.MtlEntry;
import io.floorwatch.compliance.W2gForm;
import io.floorwatch.control.RuleChange;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectReason;
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
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rows FloorWatch writes to ClickHouse, one encoder per record type: each table's columns written once, in the
 * order of docker/clickhouse/*.sql. Typical use in the topology:
 *
 * <pre>{@code
 * events.sinkTo(ClickHouseSinks.create(settings, ClickHouseSinks.FLOOR_EVENTS))
 *       .uid("clickhouse-events").name("ClickHouse: raw events");
 * }</pre>
 */
public final class ClickHouseSinks {
    private ClickHouseSinks() {}

    public static <T> ClickHouseSink<T> create(ClickHouseClientSettings settings, RowEncoder<T> encoder) {
        return new ClickHouseSink<>(settings, encoder);
    }

    /** Validated events into the raw table of their {@code source}: one sink for the whole event stream. */
    public static final RowEncoder<FloorEvent> FLOOR_EVENTS = new FloorEventEncoder();

    /** {@code rejected_events}; the payload is cut to 64 KiB here too, whatever the caller did. */
    public static final RowEncoder<RejectedEvent> REJECTED_EVENTS = RowEncoder.into(
            Tables.REJECTED_EVENTS,
            Columns.of(RejectedEvent.class)
                    .column("received_at", DATE_TIME64, RejectedEvent::receivedAt)
                    .column(
                            "source",
                            STRING,
                            r -> r.source() == null ? "" : r.source().code())
                    .column("topic", STRING, RejectedEvent::topic)
                    .column("partition", INT32, RejectedEvent::partition)
                    .column("offset", INT64, RejectedEvent::offset)
                    .column("reason", STRING, RejectedEvent::reason)
                    .column("message", STRING, RejectedEvent::message)
                    .column("payload", STRING, r -> cut(r.payload(), RejectedEvent.MAX_PAYLOAD_BYTES)));

    /** {@code alerts}: the webhook body's fields, one row per message (firing, resolved). */
    public static final RowEncoder<Alert> ALERTS = RowEncoder.into(
            Tables.ALERTS,
            Columns.of(Alert.class)
                    .column("alert_id", STRING, a -> a.alertId)
                    .column("rule", STRING, a -> a.rule)
                    .column("severity", STRING, a -> a.severity == null ? "" : a.severity.name())
                    .column("status", STRING, a -> a.status)
                    .column("entity_type", STRING, a -> a.entityType)
                    .column("entity_id", STRING, a -> a.entityId)
                    .column("event_time", DATE_TIME64, a -> a.eventTime)
                    .column("detected_at", DATE_TIME64, a -> a.detectedAt)
                    .column("amount", NULLABLE_DECIMAL, a -> a.amountCents)
                    .column("summary", STRING, a -> a.summary)
                    .column("action", STRING, a -> a.action)
                    .column("details", STRING, a -> a.details == null ? "{}" : a.details));

    /** {@code alert_deliveries}: every webhook delivery attempt, the on-call audit trail. */
    public static final RowEncoder<AlertDelivery> ALERT_DELIVERIES = RowEncoder.into(
            Tables.ALERT_DELIVERIES,
            Columns.of(AlertDelivery.class)
                    .column("alert_id", STRING, AlertDelivery::alertId)
                    .column("status", STRING, AlertDelivery::status)
                    .column("route", STRING, AlertDelivery::route)
                    .column("attempt", UINT32, AlertDelivery::attempt)
                    .column("status_code", NULLABLE_INT32, AlertDelivery::statusCode)
                    .column("outcome", STRING, AlertDelivery::outcome)
                    .column("error", STRING, AlertDelivery::error)
                    .column("attempted_at", DATE_TIME64, AlertDelivery::attemptedAt)
                    .column("duration_ms", UINT64, d -> Math.max(0, d.durationMs())));

    public static final RowEncoder<MachineMinute> MACHINE_MINUTES = RowEncoder.into(
            Tables.MACHINE_MINUTE,
            Columns.of(MachineMinute.class)
                    .column("window_start", DATE_TIME, m -> m.windowStart)
                    .column("machine_id", STRING, m -> m.machineId)
                    .column("floor_section", STRING, m -> orUnknown(m.floorSection))
                    .column("spins", UINT64, m -> m.spins)
                    .column("coin_in", DECIMAL, m -> m.coinInCents)
                    .column("coin_out", DECIMAL, m -> m.coinOutCents)
                    .column("jackpots", UINT64, m -> m.jackpots)
                    .column("errors", UINT64, m -> m.errors)
                    .column("bills_in", DECIMAL, m -> m.billsInCents)
                    .column("players", UINT64, m -> m.players)
                    .column("version", UINT64, m -> m.version));

    public static final RowEncoder<FloorMinute> FLOOR_MINUTES = RowEncoder.into(
            Tables.FLOOR_MINUTE,
            Columns.of(FloorMinute.class)
                    .column("window_start", DATE_TIME, f -> f.windowStart)
                    .column("floor_section", STRING, f -> orUnknown(f.floorSection))
                    .column("spins", UINT64, f -> f.spins)
                    .column("coin_in", DECIMAL, f -> f.coinInCents)
                    .column("coin_out", DECIMAL, f -> f.coinOutCents)
                    .column("active_machines", UINT64, f -> f.activeMachines)
                    .column("version", UINT64, f -> f.version));

    public static final RowEncoder<TableMinute> TABLE_MINUTES = RowEncoder.into(
            Tables.TABLE_MINUTE,
            Columns.of(TableMinute.class)
                    .column("window_start", DATE_TIME, t -> t.windowStart)
                    .column("table_id", STRING, t -> t.tableId)
                    .column("game_type", STRING, t -> t.gameType)
                    .column("drop_amount", DECIMAL, t -> t.dropCents)
                    .column("payouts", DECIMAL, t -> t.payoutsCents)
                    .column("fills", DECIMAL, t -> t.fillsCents)
                    .column("credits", DECIMAL, t -> t.creditsCents)
                    .column("bets", UINT64, t -> t.bets)
                    .column("version", UINT64, t -> t.version));

    /**
     * {@code player_sessions}. The replacing version is {@code session_end} in epoch ms: an update of a session that is
     * still going carries a later end, so the latest state wins.
     */
    public static final RowEncoder<PlayerSession> PLAYER_SESSIONS = RowEncoder.into(
            Tables.PLAYER_SESSIONS,
            Columns.of(PlayerSession.class)
                    .column("player_id", STRING, s -> s.playerId)
                    .column("session_start", DATE_TIME64, s -> s.sessionStart)
                    .column("session_end", DATE_TIME64, s -> s.sessionEnd)
                    .column("coin_in", DECIMAL, s -> s.coinInCents)
                    .column("games", UINT64, s -> s.games)
                    .column("avg_bet", DECIMAL, s -> s.avgBetCents)
                    .column("theo_win", DECIMAL, s -> s.theoWinCents)
                    .column("minutes_played", UINT64, s -> s.minutesPlayed)
                    .column("version", UINT64, s -> Math.max(0, s.sessionEnd)));

    public static final RowEncoder<MachineLocation> MACHINE_LOCATIONS = RowEncoder.into(
            Tables.MACHINE_LOCATIONS,
            Columns.of(MachineLocation.class)
                    .column("machine_id", STRING, l -> l.machineId())
                    .column("floor_section", STRING, l -> orUnknown(l.floorSection()))
                    .column("x_coord", INT32, l -> l.xCoord())
                    .column("y_coord", INT32, l -> l.yCoord()));

    /** {@code machine_meter_deltas} (SPEC 8.5): one row per machine and minute; a replay writes the same row again. */
    public static final RowEncoder<MachineMeterDelta> METER_DELTAS = RowEncoder.into(
            Tables.MACHINE_METER_DELTAS,
            Columns.of(MachineMeterDelta.class)
                    .column("window_start", DATE_TIME, d -> d.windowStart)
                    .column("machine_id", STRING, d -> d.machineId)
                    .column("floor_section", STRING, d -> orUnknown(d.floorSection))
                    .column("coin_in", DECIMAL, d -> d.coinInCents)
                    .column("coin_out", DECIMAL, d -> d.coinOutCents)
                    .column("jackpot", DECIMAL, d -> d.jackpotCents)
                    .column("bills_in", DECIMAL, d -> d.billsInCents)
                    .column("games_played", UINT64, d -> d.gamesPlayed)
                    .column("rollovers", UINT64, d -> d.rollovers)
                    .column("resets", UINT64, d -> d.resets));

    /** {@code mtl_entries} (SPEC §8.4): deterministic from the transaction and its running total, keyed by event_id. */
    public static final RowEncoder<MtlEntry> MTL_ENTRIES = RowEncoder.into(
            Tables.MTL_ENTRIES,
            Columns.of(MtlEntry.class)
                    .column("event_id", STRING, m -> m.eventId)
                    .column("gaming_day", DATE, m -> m.gamingDay)
                    .column("player_id", NULLABLE_STRING, m -> m.playerId)
                    .column("direction", STRING, m -> m.direction)
                    .column("amount", DECIMAL, m -> m.amountCents)
                    .column("event_time", DATE_TIME64, m -> m.eventTime)
                    .column("source", STRING, m -> m.source)
                    .column("location", NULLABLE_STRING, m -> m.location)
                    .column("employee_id", NULLABLE_STRING, m -> m.employeeId)
                    .column("day_total", NULLABLE_DECIMAL, m -> m.dayTotalCents));

    /** {@code w2g_forms} (SPEC §8.4): one row per W2G_REQUIRED firing, keyed by alert_id. */
    public static final RowEncoder<W2gForm> W2G_FORMS = RowEncoder.into(
            Tables.W2G_FORMS,
            Columns.of(W2gForm.class)
                    .column("alert_id", STRING, f -> f.alertId)
                    .column("machine_id", STRING, f -> f.machineId)
                    .column("player_id", NULLABLE_STRING, f -> f.playerId)
                    .column("id_required", UINT8, f -> f.idRequired ? 1 : 0)
                    .column("gross_winnings", DECIMAL, f -> f.grossWinningsCents)
                    .column("wager", NULLABLE_DECIMAL, f -> f.wagerCents)
                    .column("date_won", DATE, f -> f.dateWon)
                    .column("event_time", DATE_TIME64, f -> f.eventTime)
                    .column("threshold", DECIMAL, f -> f.thresholdCents)
                    .column("floor_section", NULLABLE_STRING, f -> f.floorSection));

    /** {@code rule_changes} (SPEC 8.1): one row per change_id, replay-safe (applied_at is the record's Kafka timestamp). */
    public static final RowEncoder<RuleChange> RULE_CHANGES = RowEncoder.into(
            Tables.RULE_CHANGES,
            Columns.of(RuleChange.class)
                    .column("change_id", STRING, c -> c.changeId)
                    .column("key", STRING, c -> c.key)
                    .column("old_value", NULLABLE_STRING, c -> c.oldValue)
                    .column("new_value", NULLABLE_STRING, c -> c.newValue)
                    .column("changed_by", NULLABLE_STRING, c -> c.changedBy)
                    .column("changed_at", NULLABLE_DATE_TIME64, c -> c.changedAt)
                    .column("applied_at", DATE_TIME64, c -> c.appliedAt)
                    .column("status", STRING, c -> c.status == null ? null : c.status.name())
                    .column("message", NULLABLE_STRING, c -> c.message));

    /** {@code player_ratings} (docker/clickhouse/002_players.sql). */
    public static final RowEncoder<PlayerRating> PLAYER_RATINGS = RowEncoder.into(
            Tables.PLAYER_RATINGS,
            Columns.of(PlayerRating.class)
                    .column("player_id", STRING, r -> r.playerId)
                    .column("gaming_day", DATE, r -> r.gamingDay)
                    .column("coin_in", DECIMAL, r -> r.coinInCents)
                    .column("games", UINT64, r -> r.games)
                    .column("avg_bet", DECIMAL, r -> r.avgBetCents)
                    .column("theo_win", DECIMAL, r -> r.theoWinCents)
                    .column("minutes_played", UINT64, r -> r.minutesPlayed)
                    .column("sessions", UINT64, r -> r.sessions)
                    .column("last_seen", DATE_TIME64, r -> r.lastSeen)
                    .column("version", UINT64, r -> r.version));

    /** {@code player_offers} (docker/clickhouse/002_players.sql). */
    public static final RowEncoder<PlayerOffer> PLAYER_OFFERS = RowEncoder.into(
            Tables.PLAYER_OFFERS,
            Columns.of(PlayerOffer.class)
                    .column("offer_id", STRING, o -> o.offerId)
                    .column("player_id", STRING, o -> o.playerId)
                    .column("rule_id", STRING, o -> o.ruleId)
                    .column("reward", STRING, o -> o.reward)
                    .column("value", DECIMAL, o -> o.valueCents)
                    .column("gaming_day", DATE, o -> o.gamingDay)
                    .column("theo_win", DECIMAL, o -> o.theoWinCents)
                    .column("coin_in", DECIMAL, o -> o.coinInCents)
                    .column("minutes_played", UINT64, o -> o.minutesPlayed)
                    .column("machine_id", STRING, o -> o.machineId)
                    .column("event_time", DATE_TIME64, o -> o.eventTime)
                    .column("detected_at", DATE_TIME64, o -> o.detectedAt));

    private static String orUnknown(String floorSection) {
        return floorSection == null ? "UNKNOWN" : floorSection;
    }

    /** At most {@code maxBytes} of UTF-8, cut at a character boundary. */
    static String cut(String s, int maxBytes) {
        if (s == null) return "";
        if (s.length() * 3L <= maxBytes) return s;
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) return s;
        int end = maxBytes;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) end--; // don't split a multi-byte character
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * The four raw tables: the columns every stream has around those of its own, and the entity column named for the
     * stream ({@code machine_id}, {@code table_id}, {@code location_id}, {@code player_id}), filled from
     * {@code entityId} when the event lacks it.
     */
    private static final class FloorEventEncoder implements RowEncoder<FloorEvent> {
        private static final long serialVersionUID = 1L;

        private static final Columns<FloorEvent> HEAD = Columns.of(FloorEvent.class)
                .column("event_id", STRING, e -> e.eventId)
                .column("event_type", STRING, e -> e.eventType)
                .column("event_timestamp", DATE_TIME64, e -> e.eventTime);
        private static final Columns<FloorEvent> TAIL = Columns.of(FloorEvent.class)
                .column("extra", STRING, e -> e.extra)
                .column("topic", STRING, e -> e.topic)
                .column("partition", INT32, e -> e.partition)
                .column("offset", INT64, e -> e.offset)
                .column("ingested_at", DATE_TIME64, e -> e.ingestTime);

        private static final Columns<FloorEvent> SLOT = HEAD.then(Columns.of(FloorEvent.class)
                        .column("machine_id", STRING, e -> e.machineId != null ? e.machineId : e.entityId)
                        .column("player_id", NULLABLE_STRING, e -> e.playerId)
                        .column("wager_amount", NULLABLE_DECIMAL, e -> e.wagerCents)
                        .column("payout_amount", NULLABLE_DECIMAL, e -> e.payoutCents)
                        .column("amount", NULLABLE_DECIMAL, e -> e.amountCents)
                        .column("denomination", NULLABLE_DECIMAL_VALUE, e -> e.denomination)
                        .column("hopper_level", NULLABLE_FLOAT64, e -> e.hopperLevel)
                        .column("error_code", NULLABLE_STRING, e -> e.errorCode)
                        .column(
                                "error_category",
                                NULLABLE_STRING,
                                e -> e.errorCategory == null ? null : e.errorCategory.name())
                        .column("meters", NULLABLE_STRING, e -> e.meters == null ? null : e.meters.toJson())
                        .column("floor_section", NULLABLE_STRING, e -> e.floorSection))
                .then(TAIL);
        private static final Columns<FloorEvent> TABLE = HEAD.then(Columns.of(FloorEvent.class)
                        .column("table_id", STRING, e -> e.tableId != null ? e.tableId : e.entityId)
                        .column("game_type", NULLABLE_STRING, e -> e.gameType)
                        .column("amount", NULLABLE_DECIMAL, e -> e.amountCents)
                        .column("player_id", NULLABLE_STRING, e -> e.playerId)
                        .column("payment_method", NULLABLE_STRING, e -> e.paymentMethod)
                        .column("dealer_id", NULLABLE_STRING, e -> e.dealerId))
                .then(TAIL);
        private static final Columns<FloorEvent> SECURITY = HEAD.then(Columns.of(FloorEvent.class)
                        .column("location_id", STRING, e -> e.locationId != null ? e.locationId : e.entityId)
                        .column("machine_id", NULLABLE_STRING, e -> e.machineId)
                        .column("badge_id", NULLABLE_STRING, e -> e.badgeId)
                        .column("severity", NULLABLE_STRING, e -> e.severity))
                .then(TAIL);
        // amount, direction and payment_method are required on every cage transaction (SPEC §4): 0 and '' only if a
        // caller breaks that.
        private static final Columns<FloorEvent> CAGE = HEAD.then(Columns.of(FloorEvent.class)
                        .column("player_id", STRING, e -> e.playerId != null ? e.playerId : e.entityId)
                        .column("amount", DECIMAL, FloorEvent::amount)
                        .column("direction", STRING, e -> e.direction)
                        .column("payment_method", STRING, e -> e.paymentMethod)
                        .column("cage_id", NULLABLE_STRING, e -> e.cageId)
                        .column("employee_id", NULLABLE_STRING, e -> e.employeeId))
                .then(TAIL);

        @Override
        public String table(FloorEvent e) {
            if (e.source == null) throw new IllegalArgumentException("event without source: " + e);
            return Tables.rawTable(e.source);
        }

        @Override
        public List<String> columns(String table) {
            return columnsOf(table).names();
        }

        @Override
        public void encode(FloorEvent e, RowBinaryOutput out) {
            columnsOf(e.source).write(e, out);
        }

        private static Columns<FloorEvent> columnsOf(Source source) {
            return switch (source) {
                case SLOT -> SLOT;
                case TABLE -> TABLE;
                case SECURITY -> SECURITY;
                case CAGE -> CAGE;
                case CONTROL, WATCHLIST -> throw new IllegalArgumentException("no raw table for " + source);
            };
        }

        private static Columns<FloorEvent> columnsOf(String table) {
            for (Source s : Source.FLOOR) if (Tables.rawTable(s).equals(table)) return columnsOf(s);
            throw new IllegalArgumentException("not a raw event table: " + table);
        }

        /** Keeps the event's Kafka position, so that the row replaces itself on a replay. */
        @Override
        public RejectedEvent unencodable(FloorEvent e, String table, Exception error) {
            return new RejectedEvent(
                    e.ingestTime > 0 ? e.ingestTime : e.eventTime,
                    e.source,
                    e.topic,
                    e.partition,
                    e.offset,
                    RejectReason.UNENCODABLE.name(),
                    "could not encode a row of " + table + ": " + error,
                    e.toString());
        }
    }
}
