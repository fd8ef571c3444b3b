package io.floorwatch.control;

/**
 * One change that is in force from now on, from the control topic (SPEC 8.1) or the patron watchlist (8.3), broadcast
 * to the operators that use it. Only validated, applied changes become updates; rejected ones never leave the control
 * reader. A Flink POJO (public fields, no-arg constructor): no Kryo.
 */
public class ControlUpdate {
    /** What an update changes. */
    public enum Kind {
        /** A configuration key ({@code rules.*} or {@code offers.*}) gets a new value. */
        SETTING,
        /** A player's watchlist entry is added, changed or removed. */
        WATCHLIST
    }

    public Kind kind;
    /** SETTING: the config key, e.g. {@code rules.jackpot.threshold}, {@code offers.vip.min-theo}; WATCHLIST: the player id. */
    public String key;
    /**
     * SETTING: the new value as text, validated as the same key in a config file ({@code null} deletes an
     * {@code offers.*} key); WATCHLIST: the list ({@code SELF_EXCLUDED}, {@code STATE_EXCLUDED}, {@code BANNED},
     * {@code TRESPASSED}) while the entry is ACTIVE, {@code null} once it is REMOVED.
     */
    public String value;
    /** Position in its topic (Kafka offset, or line number in files mode): updates apply in this order per topic. */
    public long offset;

    public ControlUpdate() {}

    public ControlUpdate(Kind kind, String key, String value, long offset) {
        this.kind = kind;
        this.key = key;
        this.value = value;
        this.offset = offset;
    }

    public static ControlUpdate setting(String key, String value, long offset) {
        return new ControlUpdate(Kind.SETTING, key, value, offset);
    }

    public static ControlUpdate watchlist(String playerId, String list, long offset) {
        return new ControlUpdate(Kind.WATCHLIST, playerId, list, offset);
    }

    @Override
    public String toString() {
        return kind + "[" + key + "=" + value + " @" + offset + "]";
    }
}
