package io.floorwatch.compliance;

/**
 * One row of {@code mtl_entries}, the Multiple Transaction Log (SPEC §8.4; 31 CFR 1021.410 records, kept for the
 * 1021.313 aggregation): a cash transaction of at least {@code rules.mtl.threshold}. Everything in it comes from the
 * transaction and from the ledger's running total in event-time order, so a replay re-derives the same row.
 * A Flink POJO (public no-arg constructor, public fields): no Kryo.
 */
public class MtlEntry {
    public String eventId;
    /** The gaming day, "YYYY-MM-DD" (the local date it starts on). */
    public String gamingDay;
    /** Null for a table BUY_IN without a player. */
    public String playerId;
    /** CASH_IN or CASH_OUT. */
    public String direction;

    public long amountCents;
    public long eventTime;
    /** {@code cage} or {@code table}. */
    public String source;
    /** The cage_id or table_id (a cage event may lack its cage_id: null). */
    public String location;
    /** The cage's employee_id or the table's dealer_id; null when absent. */
    public String employeeId;
    /** The player's total of the gaming day in this direction, this transaction included; null without a player. */
    public Long dayTotalCents;

    public MtlEntry() {}

    @Override
    public String toString() {
        return "MtlEntry[" + eventId + " " + gamingDay + " " + playerId + " " + direction + " " + amountCents
                + " total " + dayTotalCents + " " + source + "/" + location + "]";
    }
}
