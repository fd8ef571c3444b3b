package io.floorwatch.sink.clickhouse;

import io.floorwatch.alert.Alert;
import io.floorwatch.compliance.MtlEntry;
import io.floorwatch.compliance.W2gForm;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineMeterDelta;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.floor.TableMinute;
import io.floorwatch.player.PlayerOffer;
import io.floorwatch.player.PlayerRating;
import io.floorwatch.player.PlayerSession;
import java.io.IOException;

/**
 * The ClickHouse sinks of FloorWatch, from configuration. Typical use in the topology:
 * <pre>{@code
 * if (ClickHouseSinks.enabled(cfg)) {
 *     ClickHouseSinks.createSchemaIfConfigured(cfg);          // before env.execute()
 *     events.sinkTo(ClickHouseSinks.create(cfg, ClickHouseSinks.FLOOR_EVENTS))
 *           .uid("clickhouse-events").name("ClickHouse: raw events");
 * }
 * }</pre>
 */
public final class ClickHouseSinks {
    private ClickHouseSinks() {}

    /** All four raw tables, routed by {@code FloorEvent.source}. */
    public static final RowEncoder<FloorEvent> FLOOR_EVENTS = new RowEncoders.FloorEventEncoder();

    public static final RowEncoder<RejectedEvent> REJECTED_EVENTS = new RowEncoders.RejectedEventEncoder();
    public static final RowEncoder<Alert> ALERTS = new RowEncoders.AlertEncoder();
    public static final RowEncoder<MachineMinute> MACHINE_MINUTES = new RowEncoders.MachineMinuteEncoder();
    public static final RowEncoder<FloorMinute> FLOOR_MINUTES = new RowEncoders.FloorMinuteEncoder();
    public static final RowEncoder<TableMinute> TABLE_MINUTES = new RowEncoders.TableMinuteEncoder();
    public static final RowEncoder<PlayerSession> PLAYER_SESSIONS = new RowEncoders.PlayerSessionEncoder();
    public static final RowEncoder<MachineLocation> MACHINE_LOCATIONS = new RowEncoders.MachineLocationEncoder();
    public static final RowEncoder<MachineMeterDelta> METER_DELTAS = new RowEncoders.MachineMeterDeltaEncoder();
    public static final RowEncoder<MtlEntry> MTL_ENTRIES = new RowEncoders.MtlEntryEncoder();
    public static final RowEncoder<W2gForm> W2G_FORMS = new RowEncoders.W2gFormEncoder();
    public static final RowEncoder<io.floorwatch.control.RuleChange> RULE_CHANGES = new RowEncoders.RuleChangeEncoder();
    public static final RowEncoder<PlayerRating> PLAYER_RATINGS = new PlayerEncoders.RatingEncoder();
    public static final RowEncoder<PlayerOffer> PLAYER_OFFERS = new PlayerEncoders.OfferEncoder();

    /** True when {@code clickhouse.url} is set. */
    public static boolean enabled(FloorWatchConfig cfg) {
        return !cfg.get(Options.CLICKHOUSE_URL).isBlank();
    }

    public static ClickHouseClientSettings settings(FloorWatchConfig cfg) {
        return ClickHouseClientSettings.from(cfg);
    }

    public static <T> ClickHouseSink<T> create(FloorWatchConfig cfg, RowEncoder<T> encoder) {
        return new ClickHouseSink<>(settings(cfg), encoder);
    }

    public static <T> ClickHouseSink<T> create(ClickHouseClientSettings settings, RowEncoder<T> encoder) {
        return new ClickHouseSink<>(settings, encoder);
    }

    /** Applies the schema when {@code clickhouse.create-schema} is true (and the sink is on); else nothing. */
    public static void createSchemaIfConfigured(FloorWatchConfig cfg) throws IOException, InterruptedException {
        if (enabled(cfg) && cfg.get(Options.CLICKHOUSE_CREATE_SCHEMA)) SchemaInstaller.apply(settings(cfg));
    }
}
