package io.floorwatch.compliance;

import java.util.Objects;

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
    public boolean equals(Object o) {
        if (!(o instanceof W2gForm w)) return false;
        return idRequired == w.idRequired
                && grossWinningsCents == w.grossWinningsCents
                && eventTime == w.eventTime
                && thresholdCents == w.thresholdCents
                && Objects.equals(alertId, w.alertId)
                && Objects.equals(machineId, w.machineId)
                && Objects.equals(playerId, w.playerId)
                && Objects.equals(wagerCents, w.wagerCents)
                && Objects.equals(dateWon, w.dateWon)
                && Objects.equals(floorSection, w.floorSection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId);
    }

    @Override
    public String toString() {
        return "W2gForm[" + alertId + " " + machineId + " " + playerId + (idRequired ? " ID required" : "") + " "
                + grossWinningsCents + " on " + dateWon + " threshold " + thresholdCents + "]";
    }
}
