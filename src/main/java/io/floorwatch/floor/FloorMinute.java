package io.floorwatch.floor;

/** One row of {@code floor_minute}: a floor section's play in one 1-minute window. A Flink POJO; money in cents. */
public class FloorMinute {
    public long windowStart;
    public String floorSection;
    public long spins;
    public long coinInCents;
    public long coinOutCents;
    public long activeMachines;
    public long version;

    public FloorMinute() {}

    @Override
    public String toString() {
        return "FloorMinute[" + windowStart + " " + floorSection + " spins=" + spins + " in=" + coinInCents + " out="
                + coinOutCents + " active=" + activeMachines + "]";
    }
}
