package io.floorwatch.compliance;

/**
 * One row of {@code w2g_forms} (SPEC §8.4): the data of the Form W-2G a {@code W2G_REQUIRED} firing asks for
 * (26 CFR 7.6041-1). {@code idRequired} when the jackpot was uncarded: the attendant must take the winner's ID and
 * TIN before paying. A Flink POJO (public no-arg constructor, public fields): no Kryo.
 */
public class W2gForm {
    /** The W2G_REQUIRED alert's id: the row's identity. */
    public String alertId;

    public String machineId;
    /** Null when uncarded. */
    public String playerId;
    /** True when {@link #playerId} is null. */
    public boolean idRequired;
    /** The event's payout_amount. */
    public long grossWinningsCents;
    /** The event's wager_amount, null when absent. */
    public Long wagerCents;
    /** The local calendar date paid, "YYYY-MM-DD" (the date the W-2G threshold is looked up by). */
    public String dateWon;

    public long eventTime;
    /** The W-2G threshold in force on {@link #dateWon}. */
    public long thresholdCents;

    public String floorSection;

    public W2gForm() {}

    @Override
    public String toString() {
        return "W2gForm[" + alertId + " " + machineId + " " + playerId + (idRequired ? " ID required" : "") + " "
                + grossWinningsCents + " on " + dateWon + " threshold " + thresholdCents + "]";
    }
}
