package io.floorwatch.event;

/**
 * Where a record came from; {@link #code()} is the value of the {@code source} column of {@code rejected_events}.
 * The four floor streams ({@link #FLOOR}) carry events; {@link #CONTROL} and {@link #WATCHLIST} (SPEC 8.1, 8.3) carry
 * rule changes and watchlist entries, never events: iterate {@link #FLOOR}, not {@code values()}, over event streams.
 */
public enum Source {
    SLOT("slot", "machine_id"),
    TABLE("table", "table_id"),
    SECURITY("security", "location_id"),
    CAGE("cage", "player_id"),
    /** The control topic (live rule changes): not an event stream. */
    CONTROL("control", "key"),
    /** The patron watchlist topic: not an event stream. */
    WATCHLIST("watchlist", "player_id");

    /** The four floor event streams, in declaration order. */
    public static final java.util.List<Source> FLOOR = java.util.List.of(SLOT, TABLE, SECURITY, CAGE);

    private final String code;
    private final String entityField;

    Source(String code, String entityField) {
        this.code = code;
        this.entityField = entityField;
    }

    public String code() {
        return code;
    }

    /** True for the four event streams; false for the control and watchlist topics. */
    public boolean isFloor() {
        return this != CONTROL && this != WATCHLIST;
    }

    /** The JSON field that names the entity of this stream's events. */
    public String entityField() {
        return entityField;
    }
}
