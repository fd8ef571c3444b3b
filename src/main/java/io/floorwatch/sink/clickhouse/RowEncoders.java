package io.floorwatch.sink.clickhouse;

import static io.floorwatch.sink.clickhouse.ClickHouseValues.dateTime;
import static io.floorwatch.sink.clickhouse.ClickHouseValues.dateTime64;
import static io.floorwatch.sink.clickhouse.ClickHouseValues.decimal;
import static io.floorwatch.sink.clickhouse.ClickHouseValues.money;
import static io.floorwatch.sink.clickhouse.ClickHouseValues.string;

import com.fasterxml.jackson.core.JsonGenerator;
import io.floorwatch.alert.Alert;
import io.floorwatch.compliance.MtlEntry;
import io.floorwatch.compliance.W2gForm;
import io.floorwatch.control.RuleChange;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectReason;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMeterDelta;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerSession;
import java.io.IOException;
import java.util.List;

/**
 * The encoders of FloorWatch's records, one per table family; column names are those of
 * docker/clickhouse/001_schema.sql. Use the instances in {@link ClickHouseSinks}.
 */
public final class RowEncoders {
    private RowEncoders() {}

    /**
     * Validated events into {@code slot_events_live}, {@code table_events_live},
     * {@code security_events_live} or {@code cage_transactions_live} by {@code source}: one sink for
     * the whole event stream, no split in the topology.
     */
    public static final class FloorEventEncoder implements RowBinaryEncoder<FloorEvent> {
        private static final long serialVersionUID = 1L;

        private static final List<String> SLOT_COLUMNS = List.of(
                "event_id",
                "event_type",
                "event_timestamp",
                "machine_id",
                "player_id",
                "wager_amount",
                "payout_amount",
                "amount",
                "denomination",
                "hopper_level",
                "error_code",
                "error_category",
                "meters",
                "floor_section",
                "extra",
                "topic",
                "partition",
                "offset",
                "ingested_at");
        private static final List<String> TABLE_COLUMNS = List.of(
                "event_id",
                "event_type",
                "event_timestamp",
                "table_id",
                "game_type",
                "amount",
                "player_id",
                "payment_method",
                "dealer_id",
                "extra",
                "topic",
                "partition",
                "offset",
                "ingested_at");
        private static final List<String> SECURITY_COLUMNS = List.of(
                "event_id",
                "event_type",
                "event_timestamp",
                "location_id",
                "machine_id",
                "badge_id",
                "severity",
                "extra",
                "topic",
                "partition",
                "offset",
                "ingested_at");
        private static final List<String> CAGE_COLUMNS = List.of(
                "event_id",
                "event_type",
                "event_timestamp",
                "player_id",
                "amount",
                "direction",
                "payment_method",
                "cage_id",
                "employee_id",
                "extra",
                "topic",
                "partition",
                "offset",
                "ingested_at");

        @Override
        public List<String> columns(String table) {
            return switch (table) {
                case Tables.SLOT_EVENTS -> SLOT_COLUMNS;
                case Tables.TABLE_EVENTS -> TABLE_COLUMNS;
                case Tables.SECURITY_EVENTS -> SECURITY_COLUMNS;
                case Tables.CAGE_TRANSACTIONS -> CAGE_COLUMNS;
                default -> throw new IllegalArgumentException("not a raw event table: " + table);
            };
        }

        /** The same row as {@link #encode}, in RowBinary. */
        @Override
        public void encodeBinary(FloorEvent e, RowBinaryOutput out) {
            out.string(e.eventId);
            out.string(e.eventType);
            out.dateTime64(e.eventTime);
            switch (e.source) {
                case SLOT -> {
                    out.string(e.machineId != null ? e.machineId : e.entityId);
                    out.nullableString(e.playerId);
                    out.nullableDecimal2(e.wagerCents);
                    out.nullableDecimal2(e.payoutCents);
                    out.nullableDecimal2(e.amountCents);
                    out.nullableDecimal2(e.denomination);
                    out.nullableFloat64(e.hopperLevel);
                    out.nullableString(e.errorCode);
                    out.nullableString(e.errorCategory == null ? null : e.errorCategory.name());
                    out.nullableString(e.meters == null ? null : e.meters.toJson());
                    out.nullableString(e.floorSection);
                }
                case TABLE -> {
                    out.string(e.tableId != null ? e.tableId : e.entityId);
                    out.nullableString(e.gameType);
                    out.nullableDecimal2(e.amountCents);
                    out.nullableString(e.playerId);
                    out.nullableString(e.paymentMethod);
                    out.nullableString(e.dealerId);
                }
                case SECURITY -> {
                    out.string(e.locationId != null ? e.locationId : e.entityId);
                    out.nullableString(e.machineId);
                    out.nullableString(e.badgeId);
                    out.nullableString(e.severity);
                }
                case CAGE -> {
                    out.string(e.playerId != null ? e.playerId : e.entityId);
                    out.decimal2(e.amount());
                    out.string(e.direction == null ? "" : e.direction);
                    out.string(e.paymentMethod == null ? "" : e.paymentMethod);
                    out.nullableString(e.cageId);
                    out.nullableString(e.employeeId);
                }
            }
            out.string(e.extra == null ? "" : e.extra);
            out.string(e.topic == null ? "" : e.topic);
            out.int32(e.partition);
            out.int64(e.offset);
            out.dateTime64(e.ingestTime);
        }

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

        @Override
        public String table(FloorEvent e) {
            if (e.source == null) throw new IllegalArgumentException("event without source: " + e);
            return Tables.rawTable(e.source);
        }

        @Override
        public void encode(FloorEvent e, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("event_id", e.eventId);
            json.writeStringField("event_type", e.eventType);
            json.writeStringField("event_timestamp", dateTime64(e.eventTime));
            switch (e.source) {
                case SLOT -> {
                    json.writeStringField("machine_id", e.machineId != null ? e.machineId : e.entityId);
                    string(json, "player_id", e.playerId);
                    money(json, "wager_amount", e.wagerCents);
                    money(json, "payout_amount", e.payoutCents);
                    money(json, "amount", e.amountCents);
                    decimal(json, "denomination", e.denomination);
                    if (e.hopperLevel == null) json.writeNullField("hopper_level");
                    else json.writeNumberField("hopper_level", e.hopperLevel);
                    string(json, "error_code", e.errorCode);
                    string(json, "error_category", e.errorCategory == null ? null : e.errorCategory.name());
                    string(json, "meters", e.meters == null ? null : e.meters.toJson());
                    string(json, "floor_section", e.floorSection);
                }
                case TABLE -> {
                    json.writeStringField("table_id", e.tableId != null ? e.tableId : e.entityId);
                    string(json, "game_type", e.gameType);
                    money(json, "amount", e.amountCents);
                    string(json, "player_id", e.playerId);
                    string(json, "payment_method", e.paymentMethod);
                    string(json, "dealer_id", e.dealerId);
                }
                case SECURITY -> {
                    json.writeStringField("location_id", e.locationId != null ? e.locationId : e.entityId);
                    string(json, "machine_id", e.machineId);
                    string(json, "badge_id", e.badgeId);
                    string(json, "severity", e.severity);
                }
                case CAGE -> {
                    json.writeStringField("player_id", e.playerId != null ? e.playerId : e.entityId);
                    // Required on every cage transaction (SPEC §4); 0 / '' only if a caller breaks that.
                    money(json, "amount", e.amount());
                    json.writeStringField("direction", e.direction == null ? "" : e.direction);
                    json.writeStringField("payment_method", e.paymentMethod == null ? "" : e.paymentMethod);
                    string(json, "cage_id", e.cageId);
                    string(json, "employee_id", e.employeeId);
                }
            }
            json.writeStringField("extra", e.extra == null ? "" : e.extra);
            json.writeStringField("topic", e.topic == null ? "" : e.topic);
            json.writeNumberField("partition", e.partition);
            json.writeNumberField("offset", e.offset);
            json.writeStringField("ingested_at", dateTime64(e.ingestTime));
            json.writeEndObject();
        }
    }

    /** {@code rejected_events}; the payload is cut to 64 KiB here too, whatever the caller did. */
    public static final class RejectedEventEncoder implements RowEncoder<RejectedEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(RejectedEvent r) {
            return Tables.REJECTED_EVENTS;
        }

        @Override
        public void encode(RejectedEvent r, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("received_at", dateTime64(r.receivedAt));
            json.writeStringField("source", r.source == null ? "" : r.source.code());
            json.writeStringField("topic", r.topic == null ? "" : r.topic);
            json.writeNumberField("partition", r.partition);
            json.writeNumberField("offset", r.offset);
            json.writeStringField("reason", r.reason == null ? "" : r.reason);
            json.writeStringField("message", r.message == null ? "" : r.message);
            json.writeStringField("payload", cut(r.payload, RejectedEvent.MAX_PAYLOAD_BYTES));
            json.writeEndObject();
        }

        /** At most {@code maxBytes} of UTF-8, cut at a character boundary. */
        static String cut(String s, int maxBytes) {
            if (s == null) return "";
            if (s.length() * 3L <= maxBytes) return s;
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (utf8.length <= maxBytes) return s;
            int end = maxBytes;
            while (end > 0 && (utf8[end] & 0xC0) == 0x80) end--; // don't split a multi-byte character
            return new String(utf8, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** {@code alerts}: the webhook body's fields, one row per message (firing, resolved). */
    public static final class AlertEncoder implements RowEncoder<Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(Alert a) {
            return Tables.ALERTS;
        }

        @Override
        public void encode(Alert a, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("alert_id", a.alertId);
            json.writeStringField("rule", a.rule);
            json.writeStringField("severity", a.severity == null ? "" : a.severity.name());
            json.writeStringField("status", a.status);
            json.writeStringField("entity_type", a.entityType);
            json.writeStringField("entity_id", a.entityId);
            json.writeStringField("event_time", dateTime64(a.eventTime));
            json.writeStringField("detected_at", dateTime64(a.detectedAt));
            money(json, "amount", a.amountCents);
            json.writeStringField("summary", a.summary == null ? "" : a.summary);
            json.writeStringField("action", a.action == null ? "" : a.action);
            json.writeStringField("details", a.details == null ? "{}" : a.details);
            json.writeEndObject();
        }
    }

    public static final class MachineMinuteEncoder implements RowEncoder<MachineMinute> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(MachineMinute m) {
            return Tables.MACHINE_MINUTE;
        }

        @Override
        public void encode(MachineMinute m, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("window_start", dateTime(m.windowStart));
            json.writeStringField("machine_id", m.machineId);
            json.writeStringField("floor_section", m.floorSection == null ? "UNKNOWN" : m.floorSection);
            json.writeNumberField("spins", m.spins);
            money(json, "coin_in", m.coinInCents);
            money(json, "coin_out", m.coinOutCents);
            json.writeNumberField("jackpots", m.jackpots);
            json.writeNumberField("errors", m.errors);
            money(json, "bills_in", m.billsInCents);
            json.writeNumberField("players", m.players);
            json.writeNumberField("version", m.version);
            json.writeEndObject();
        }
    }

    public static final class FloorMinuteEncoder implements RowEncoder<FloorMinute> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(FloorMinute f) {
            return Tables.FLOOR_MINUTE;
        }

        @Override
        public void encode(FloorMinute f, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("window_start", dateTime(f.windowStart));
            json.writeStringField("floor_section", f.floorSection == null ? "UNKNOWN" : f.floorSection);
            json.writeNumberField("spins", f.spins);
            money(json, "coin_in", f.coinInCents);
            money(json, "coin_out", f.coinOutCents);
            json.writeNumberField("active_machines", f.activeMachines);
            json.writeNumberField("version", f.version);
            json.writeEndObject();
        }
    }

    public static final class TableMinuteEncoder implements RowEncoder<TableMinute> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(TableMinute t) {
            return Tables.TABLE_MINUTE;
        }

        @Override
        public void encode(TableMinute t, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("window_start", dateTime(t.windowStart));
            json.writeStringField("table_id", t.tableId);
            json.writeStringField("game_type", t.gameType == null ? "" : t.gameType);
            money(json, "drop_amount", t.dropCents);
            money(json, "payouts", t.payoutsCents);
            money(json, "fills", t.fillsCents);
            money(json, "credits", t.creditsCents);
            json.writeNumberField("bets", t.bets);
            json.writeNumberField("version", t.version);
            json.writeEndObject();
        }
    }

    /**
     * {@code player_sessions}. The replacing version is {@code session_end} in epoch ms: an update of a
     * session that is still going carries a later end, so the latest state wins.
     */
    public static final class PlayerSessionEncoder implements RowEncoder<PlayerSession> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(PlayerSession s) {
            return Tables.PLAYER_SESSIONS;
        }

        @Override
        public void encode(PlayerSession s, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("player_id", s.playerId);
            json.writeStringField("session_start", dateTime64(s.sessionStart));
            json.writeStringField("session_end", dateTime64(s.sessionEnd));
            money(json, "coin_in", s.coinInCents);
            json.writeNumberField("games", s.games);
            money(json, "avg_bet", s.avgBetCents);
            money(json, "theo_win", s.theoWinCents);
            json.writeNumberField("minutes_played", s.minutesPlayed);
            json.writeNumberField("version", Math.max(0, s.sessionEnd));
            json.writeEndObject();
        }
    }

    /** {@code machine_meter_deltas} (SPEC 8.5): one row per machine and minute; a replay writes the same row again. */
    public static final class MachineMeterDeltaEncoder implements RowEncoder<MachineMeterDelta> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(MachineMeterDelta d) {
            return Tables.MACHINE_METER_DELTAS;
        }

        @Override
        public void encode(MachineMeterDelta d, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("window_start", dateTime(d.windowStart));
            json.writeStringField("machine_id", d.machineId);
            json.writeStringField("floor_section", d.floorSection == null ? "UNKNOWN" : d.floorSection);
            money(json, "coin_in", d.coinInCents);
            money(json, "coin_out", d.coinOutCents);
            money(json, "jackpot", d.jackpotCents);
            money(json, "bills_in", d.billsInCents);
            json.writeNumberField("games_played", d.gamesPlayed);
            json.writeNumberField("rollovers", d.rollovers);
            json.writeNumberField("resets", d.resets);
            json.writeEndObject();
        }
    }

    /** {@code mtl_entries} (SPEC §8.4): deterministic from the transaction and its running total, keyed by event_id. */
    public static final class MtlEntryEncoder implements RowEncoder<MtlEntry> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(MtlEntry m) {
            return Tables.MTL_ENTRIES;
        }

        @Override
        public void encode(MtlEntry m, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("event_id", m.eventId);
            json.writeStringField("gaming_day", m.gamingDay);
            string(json, "player_id", m.playerId);
            json.writeStringField("direction", m.direction);
            money(json, "amount", m.amountCents);
            json.writeStringField("event_time", dateTime64(m.eventTime));
            json.writeStringField("source", m.source);
            string(json, "location", m.location);
            string(json, "employee_id", m.employeeId);
            money(json, "day_total", m.dayTotalCents);
            json.writeEndObject();
        }
    }

    /** {@code w2g_forms} (SPEC §8.4): one row per W2G_REQUIRED firing, keyed by alert_id. */
    public static final class W2gFormEncoder implements RowEncoder<W2gForm> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(W2gForm f) {
            return Tables.W2G_FORMS;
        }

        @Override
        public void encode(W2gForm f, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("alert_id", f.alertId);
            json.writeStringField("machine_id", f.machineId);
            string(json, "player_id", f.playerId);
            json.writeNumberField("id_required", f.idRequired ? 1 : 0);
            money(json, "gross_winnings", f.grossWinningsCents);
            money(json, "wager", f.wagerCents);
            json.writeStringField("date_won", f.dateWon);
            json.writeStringField("event_time", dateTime64(f.eventTime));
            money(json, "threshold", f.thresholdCents);
            string(json, "floor_section", f.floorSection);
            json.writeEndObject();
        }
    }

    public static final class MachineLocationEncoder implements RowEncoder<MachineLocation> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(MachineLocation l) {
            return Tables.MACHINE_LOCATIONS;
        }

        @Override
        public void encode(MachineLocation l, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("machine_id", l.machineId);
            json.writeStringField("floor_section", l.floorSection == null ? "UNKNOWN" : l.floorSection);
            json.writeNumberField("x_coord", l.xCoord);
            json.writeNumberField("y_coord", l.yCoord);
            json.writeEndObject();
        }
    }

    /** {@code rule_changes} (SPEC 8.1): one row per change_id, replay-safe (applied_at is the record's Kafka timestamp). */
    public static final class RuleChangeEncoder implements RowEncoder<RuleChange> {
        private static final long serialVersionUID = 1L;

        @Override
        public String table(RuleChange c) {
            return Tables.RULE_CHANGES;
        }

        @Override
        public void encode(RuleChange c, JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("change_id", c.changeId);
            json.writeStringField("key", c.key);
            string(json, "old_value", c.oldValue);
            string(json, "new_value", c.newValue);
            string(json, "changed_by", c.changedBy);
            if (c.changedAt == null) json.writeNullField("changed_at");
            else json.writeStringField("changed_at", dateTime64(c.changedAt));
            json.writeStringField("applied_at", dateTime64(c.appliedAt));
            json.writeStringField("status", c.status);
            string(json, "message", c.message);
            json.writeEndObject();
        }
    }
}
