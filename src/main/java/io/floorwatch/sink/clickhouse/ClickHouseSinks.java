package io.floorwatch.sink.clickhouse;

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
                    .dateTime64("received_at", r -> r.receivedAt)
                    .string("source", r -> r.source == null ? "" : r.source.code())
                    .string("topic", r -> r.topic)
                    .int32("partition", r -> r.partition)
                    .int64("offset", r -> r.offset)
                    .string("reason", r -> r.reason)
                    .string("message", r -> r.message)
                    .string("payload", r -> cut(r.payload, RejectedEvent.MAX_PAYLOAD_BYTES)));

    /** {@code alerts}: the webhook body's fields, one row per message (firing, resolved). */
    public static final RowEncoder<Alert> ALERTS = RowEncoder.into(
            Tables.ALERTS,
            Columns.of(Alert.class)
                    .string("alert_id", a -> a.alertId)
                    .string("rule", a -> a.rule)
                    .string("severity", a -> a.severity == null ? "" : a.severity.name())
                    .string("status", a -> a.status)
                    .string("entity_type", a -> a.entityType)
                    .string("entity_id", a -> a.entityId)
                    .dateTime64("event_time", a -> a.eventTime)
                    .dateTime64("detected_at", a -> a.detectedAt)
                    .nullableDecimal("amount", a -> a.amountCents)
                    .string("summary", a -> a.summary)
                    .string("action", a -> a.action)
                    .string("details", a -> a.details == null ? "{}" : a.details));

    /** {@code alert_deliveries}: every webhook delivery attempt, the on-call audit trail. */
    public static final RowEncoder<AlertDelivery> ALERT_DELIVERIES = RowEncoder.into(
            Tables.ALERT_DELIVERIES,
            Columns.of(AlertDelivery.class)
                    .string("alert_id", d -> d.alertId)
                    .string("status", d -> d.status)
                    .string("route", d -> d.route)
                    .uint32("attempt", d -> d.attempt)
                    .nullableInt32("status_code", d -> d.statusCode)
                    .string("outcome", d -> d.outcome)
                    .string("error", d -> d.error)
                    .dateTime64("attempted_at", d -> d.attemptedAt)
                    .uint64("duration_ms", d -> Math.max(0, d.durationMs)));

    public static final RowEncoder<MachineMinute> MACHINE_MINUTES = RowEncoder.into(
            Tables.MACHINE_MINUTE,
            Columns.of(MachineMinute.class)
                    .dateTime("window_start", m -> m.windowStart)
                    .string("machine_id", m -> m.machineId)
                    .string("floor_section", m -> orUnknown(m.floorSection))
                    .uint64("spins", m -> m.spins)
                    .decimal("coin_in", m -> m.coinInCents)
                    .decimal("coin_out", m -> m.coinOutCents)
                    .uint64("jackpots", m -> m.jackpots)
                    .uint64("errors", m -> m.errors)
                    .decimal("bills_in", m -> m.billsInCents)
                    .uint64("players", m -> m.players)
                    .uint64("version", m -> m.version));

    public static final RowEncoder<FloorMinute> FLOOR_MINUTES = RowEncoder.into(
            Tables.FLOOR_MINUTE,
            Columns.of(FloorMinute.class)
                    .dateTime("window_start", f -> f.windowStart)
                    .string("floor_section", f -> orUnknown(f.floorSection))
                    .uint64("spins", f -> f.spins)
                    .decimal("coin_in", f -> f.coinInCents)
                    .decimal("coin_out", f -> f.coinOutCents)
                    .uint64("active_machines", f -> f.activeMachines)
                    .uint64("version", f -> f.version));

    public static final RowEncoder<TableMinute> TABLE_MINUTES = RowEncoder.into(
            Tables.TABLE_MINUTE,
            Columns.of(TableMinute.class)
                    .dateTime("window_start", t -> t.windowStart)
                    .string("table_id", t -> t.tableId)
                    .string("game_type", t -> t.gameType)
                    .decimal("drop_amount", t -> t.dropCents)
                    .decimal("payouts", t -> t.payoutsCents)
                    .decimal("fills", t -> t.fillsCents)
                    .decimal("credits", t -> t.creditsCents)
                    .uint64("bets", t -> t.bets)
                    .uint64("version", t -> t.version));

    /**
     * {@code player_sessions}. The replacing version is {@code session_end} in epoch ms: an update of a session that is
     * still going carries a later end, so the latest state wins.
     */
    public static final RowEncoder<PlayerSession> PLAYER_SESSIONS = RowEncoder.into(
            Tables.PLAYER_SESSIONS,
            Columns.of(PlayerSession.class)
                    .string("player_id", s -> s.playerId)
                    .dateTime64("session_start", s -> s.sessionStart)
                    .dateTime64("session_end", s -> s.sessionEnd)
                    .decimal("coin_in", s -> s.coinInCents)
                    .uint64("games", s -> s.games)
                    .decimal("avg_bet", s -> s.avgBetCents)
                    .decimal("theo_win", s -> s.theoWinCents)
                    .uint64("minutes_played", s -> s.minutesPlayed)
                    .uint64("version", s -> Math.max(0, s.sessionEnd)));

    public static final RowEncoder<MachineLocation> MACHINE_LOCATIONS = RowEncoder.into(
            Tables.MACHINE_LOCATIONS,
            Columns.of(MachineLocation.class)
                    .string("machine_id", l -> l.machineId)
                    .string("floor_section", l -> orUnknown(l.floorSection))
                    .int32("x_coord", l -> l.xCoord)
                    .int32("y_coord", l -> l.yCoord));

    /** {@code machine_meter_deltas} (SPEC 8.5): one row per machine and minute; a replay writes the same row again. */
    public static final RowEncoder<MachineMeterDelta> METER_DELTAS = RowEncoder.into(
            Tables.MACHINE_METER_DELTAS,
            Columns.of(MachineMeterDelta.class)
                    .dateTime("window_start", d -> d.windowStart)
                    .string("machine_id", d -> d.machineId)
                    .string("floor_section", d -> orUnknown(d.floorSection))
                    .decimal("coin_in", d -> d.coinInCents)
                    .decimal("coin_out", d -> d.coinOutCents)
                    .decimal("jackpot", d -> d.jackpotCents)
                    .decimal("bills_in", d -> d.billsInCents)
                    .uint64("games_played", d -> d.gamesPlayed)
                    .uint64("rollovers", d -> d.rollovers)
                    .uint64("resets", d -> d.resets));

    /** {@code mtl_entries} (SPEC §8.4): deterministic from the transaction and its running total, keyed by event_id. */
    public static final RowEncoder<MtlEntry> MTL_ENTRIES = RowEncoder.into(
            Tables.MTL_ENTRIES,
            Columns.of(MtlEntry.class)
                    .string("event_id", m -> m.eventId)
                    .date("gaming_day", m -> m.gamingDay)
                    .nullableString("player_id", m -> m.playerId)
                    .string("direction", m -> m.direction)
                    .decimal("amount", m -> m.amountCents)
                    .dateTime64("event_time", m -> m.eventTime)
                    .string("source", m -> m.source)
                    .nullableString("location", m -> m.location)
                    .nullableString("employee_id", m -> m.employeeId)
                    .nullableDecimal("day_total", m -> m.dayTotalCents));

    /** {@code w2g_forms} (SPEC §8.4): one row per W2G_REQUIRED firing, keyed by alert_id. */
    public static final RowEncoder<W2gForm> W2G_FORMS = RowEncoder.into(
            Tables.W2G_FORMS,
            Columns.of(W2gForm.class)
                    .string("alert_id", f -> f.alertId)
                    .string("machine_id", f -> f.machineId)
                    .nullableString("player_id", f -> f.playerId)
                    .uint8("id_required", f -> f.idRequired ? 1 : 0)
                    .decimal("gross_winnings", f -> f.grossWinningsCents)
                    .nullableDecimal("wager", f -> f.wagerCents)
                    .date("date_won", f -> f.dateWon)
                    .dateTime64("event_time", f -> f.eventTime)
                    .decimal("threshold", f -> f.thresholdCents)
                    .nullableString("floor_section", f -> f.floorSection));

    /** {@code rule_changes} (SPEC 8.1): one row per change_id, replay-safe (applied_at is the record's Kafka timestamp). */
    public static final RowEncoder<RuleChange> RULE_CHANGES = RowEncoder.into(
            Tables.RULE_CHANGES,
            Columns.of(RuleChange.class)
                    .string("change_id", c -> c.changeId)
                    .string("key", c -> c.key)
                    .nullableString("old_value", c -> c.oldValue)
                    .nullableString("new_value", c -> c.newValue)
                    .nullableString("changed_by", c -> c.changedBy)
                    .nullableDateTime64("changed_at", c -> c.changedAt)
                    .dateTime64("applied_at", c -> c.appliedAt)
                    .string("status", c -> c.status)
                    .nullableString("message", c -> c.message));

    /** {@code player_ratings} (docker/clickhouse/002_players.sql). */
    public static final RowEncoder<PlayerRating> PLAYER_RATINGS = RowEncoder.into(
            Tables.PLAYER_RATINGS,
            Columns.of(PlayerRating.class)
                    .string("player_id", r -> r.playerId)
                    .date("gaming_day", r -> r.gamingDay)
                    .decimal("coin_in", r -> r.coinInCents)
                    .uint64("games", r -> r.games)
                    .decimal("avg_bet", r -> r.avgBetCents)
                    .decimal("theo_win", r -> r.theoWinCents)
                    .uint64("minutes_played", r -> r.minutesPlayed)
                    .uint64("sessions", r -> r.sessions)
                    .dateTime64("last_seen", r -> r.lastSeen)
                    .uint64("version", r -> r.version));

    /** {@code player_offers} (docker/clickhouse/002_players.sql). */
    public static final RowEncoder<PlayerOffer> PLAYER_OFFERS = RowEncoder.into(
            Tables.PLAYER_OFFERS,
            Columns.of(PlayerOffer.class)
                    .string("offer_id", o -> o.offerId)
                    .string("player_id", o -> o.playerId)
                    .string("rule_id", o -> o.ruleId)
                    .string("reward", o -> o.reward)
                    .decimal("value", o -> o.valueCents)
                    .date("gaming_day", o -> o.gamingDay)
                    .decimal("theo_win", o -> o.theoWinCents)
                    .decimal("coin_in", o -> o.coinInCents)
                    .uint64("minutes_played", o -> o.minutesPlayed)
                    .string("machine_id", o -> o.machineId)
                    .dateTime64("event_time", o -> o.eventTime)
                    .dateTime64("detected_at", o -> o.detectedAt));

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
                .string("event_id", e -> e.eventId)
                .string("event_type", e -> e.eventType)
                .dateTime64("event_timestamp", e -> e.eventTime);
        private static final Columns<FloorEvent> TAIL = Columns.of(FloorEvent.class)
                .string("extra", e -> e.extra)
                .string("topic", e -> e.topic)
                .int32("partition", e -> e.partition)
                .int64("offset", e -> e.offset)
                .dateTime64("ingested_at", e -> e.ingestTime);

        private static final Columns<FloorEvent> SLOT = HEAD.then(Columns.of(FloorEvent.class)
                        .string("machine_id", e -> e.machineId != null ? e.machineId : e.entityId)
                        .nullableString("player_id", e -> e.playerId)
                        .nullableDecimal("wager_amount", e -> e.wagerCents)
                        .nullableDecimal("payout_amount", e -> e.payoutCents)
                        .nullableDecimal("amount", e -> e.amountCents)
                        .nullableDecimalValue("denomination", e -> e.denomination)
                        .nullableFloat64("hopper_level", e -> e.hopperLevel)
                        .nullableString("error_code", e -> e.errorCode)
                        .nullableString("error_category", e -> e.errorCategory == null ? null : e.errorCategory.name())
                        .nullableString("meters", e -> e.meters == null ? null : e.meters.toJson())
                        .nullableString("floor_section", e -> e.floorSection))
                .then(TAIL);
        private static final Columns<FloorEvent> TABLE = HEAD.then(Columns.of(FloorEvent.class)
                        .string("table_id", e -> e.tableId != null ? e.tableId : e.entityId)
                        .nullableString("game_type", e -> e.gameType)
                        .nullableDecimal("amount", e -> e.amountCents)
                        .nullableString("player_id", e -> e.playerId)
                        .nullableString("payment_method", e -> e.paymentMethod)
                        .nullableString("dealer_id", e -> e.dealerId))
                .then(TAIL);
        private static final Columns<FloorEvent> SECURITY = HEAD.then(Columns.of(FloorEvent.class)
                        .string("location_id", e -> e.locationId != null ? e.locationId : e.entityId)
                        .nullableString("machine_id", e -> e.machineId)
                        .nullableString("badge_id", e -> e.badgeId)
                        .nullableString("severity", e -> e.severity))
                .then(TAIL);
        // amount, direction and payment_method are required on every cage transaction (SPEC §4): 0 and '' only if a
        // caller breaks that.
        private static final Columns<FloorEvent> CAGE = HEAD.then(Columns.of(FloorEvent.class)
                        .string("player_id", e -> e.playerId != null ? e.playerId : e.entityId)
                        .decimal("amount", FloorEvent::amount)
                        .string("direction", e -> e.direction)
                        .string("payment_method", e -> e.paymentMethod)
                        .nullableString("cage_id", e -> e.cageId)
                        .nullableString("employee_id", e -> e.employeeId))
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
