package io.floorwatch.sink.clickhouse;

import io.floorwatch.event.Source;
import java.util.List;

/** The table names of SPEC §6 (created by docker/clickhouse/*.sql). */
public final class Tables {
    private Tables() {}

    public static final String SLOT_EVENTS = "slot_events_live";
    public static final String TABLE_EVENTS = "table_events_live";
    public static final String SECURITY_EVENTS = "security_events_live";
    public static final String CAGE_TRANSACTIONS = "cage_transactions_live";
    public static final String MACHINE_MINUTE = "machine_minute";
    public static final String FLOOR_MINUTE = "floor_minute";
    public static final String TABLE_MINUTE = "table_minute";
    public static final String PLAYER_SESSIONS = "player_sessions";
    public static final String ALERTS = "alerts";
    public static final String ALERT_DELIVERIES = "alert_deliveries";
    public static final String REJECTED_EVENTS = "rejected_events";
    public static final String MACHINE_LOCATIONS = "machine_locations";
    /** SPEC 8.5. */
    public static final String MACHINE_METER_DELTAS = "machine_meter_deltas";
    /** SPEC §8.4, compliance only (the floor's Grafana user is not granted them). */
    public static final String MTL_ENTRIES = "mtl_entries";

    public static final String W2G_FORMS = "w2g_forms";

    /** SPEC 8.1: one row per control-topic change_id, APPLIED or REJECTED. */
    public static final String RULE_CHANGES = "rule_changes";

    public static final String PLAYER_RATINGS = "player_ratings";
    public static final String PLAYER_OFFERS = "player_offers";

    public static final List<String> ALL = List.of(
            SLOT_EVENTS,
            TABLE_EVENTS,
            SECURITY_EVENTS,
            CAGE_TRANSACTIONS,
            MACHINE_MINUTE,
            FLOOR_MINUTE,
            TABLE_MINUTE,
            PLAYER_SESSIONS,
            ALERTS,
            ALERT_DELIVERIES,
            REJECTED_EVENTS,
            MACHINE_LOCATIONS,
            MACHINE_METER_DELTAS,
            MTL_ENTRIES,
            W2G_FORMS,
            RULE_CHANGES,
            PLAYER_RATINGS,
            PLAYER_OFFERS);

    /** The raw table of a stream. */
    public static String rawTable(Source source) {
        return switch (source) {
            case SLOT -> SLOT_EVENTS;
            case TABLE -> TABLE_EVENTS;
            case SECURITY -> SECURITY_EVENTS;
            case CAGE -> CAGE_TRANSACTIONS;
            case CONTROL, WATCHLIST ->
                throw new IllegalArgumentException("the " + source.code() + " topic has no raw event table");
        };
    }
}
