package io.floorwatch.floor;

/** One row of {@code table_minute}: a table's action in one 1-minute window. A Flink POJO; money in cents. */
public class TableMinute {
    public long windowStart;
    public String tableId;
    public String gameType;
    public long dropCents;
    public long payoutsCents;
    public long fillsCents;
    public long creditsCents;
    public long bets;
    public long version;

    public TableMinute() {}

    @Override
    public String toString() {
        return "TableMinute[" + windowStart + " " + tableId + " " + gameType + " drop=" + dropCents + " payouts="
                + payoutsCents + " fills=" + fillsCents + " credits=" + creditsCents + " bets=" + bets + "]";
    }
}
