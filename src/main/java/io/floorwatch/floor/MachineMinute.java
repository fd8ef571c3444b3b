package io.floorwatch.floor;

/** One row of {@code machine_minute}: a machine's play in one 1-minute event-time window. A Flink POJO; money in cents. */
public class MachineMinute {
    /** UTC start of the window, epoch ms. */
    public long windowStart;

    public String machineId;
    public String floorSection;
    public long spins;
    public long coinInCents;
    public long coinOutCents;
    public long jackpots;
    public long errors;
    public long billsInCents;
    public long players;
    /** Times this window has fired (1, then more with allowed lateness); the replacing version in ClickHouse. */
    public long version;

    public MachineMinute() {}

    @Override
    public String toString() {
        return "MachineMinute[" + windowStart + " " + machineId + " " + floorSection + " spins=" + spins + " in="
                + coinInCents + " out=" + coinOutCents + " jp=" + jackpots + " err=" + errors + " bills=" + billsInCents
                + " players=" + players + "]";
    }
}
