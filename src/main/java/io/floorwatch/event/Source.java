package io.floorwatch.event;

/** The four input streams; {@link #code()} is the value of the {@code source} column. */
public enum Source {
    SLOT("slot", "machine_id"),
    TABLE("table", "table_id"),
    SECURITY("security", "location_id"),
    CAGE("cage", "player_id");

    private final String code;
    private final String entityField;

    Source(String code, String entityField) {
        this.code = code;
        this.entityField = entityField;
    }

    public String code() {
        return code;
    }

    /** The JSON field that names the entity of this stream's events. */
    public String entityField() {
        return entityField;
    }
}
