package io.floorwatch.floor;

/**
 * One row of {@code machine_meter_deltas} (SPEC 8.5): the meter deltas of one machine's snapshots taken in one
 * minute (UTC, by the snapshot's event time), summed. Money counters in cents; {@code rollovers} and {@code resets}
 * count counters. A Flink POJO.
 */
public class MachineMeterDelta {
    /** UTC start of the minute, epoch ms. */
    public long windowStart;

    public String machineId;
    public String floorSection;
    public long coinInCents;
    public long coinOutCents;
    public long jackpotCents;
    public long billsInCents;
    public long gamesPlayed;
    public long rollovers;
    public long resets;
    /** Snapshots summed into this row. */
    public long snapshots;

    public MachineMeterDelta() {}

    public MachineMeterDelta(long windowStart, String machineId, String floorSection) {
        this.windowStart = windowStart;
        this.machineId = machineId;
        this.floorSection = floorSection;
    }

    @Override
    public String toString() {
        return "MachineMeterDelta[" + windowStart + " " + machineId + " in=" + coinInCents + " out=" + coinOutCents
                + " jp=" + jackpotCents + " bills=" + billsInCents + " games=" + gamesPlayed + " rollovers=" + rollovers
                + " resets=" + resets + "]";
    }
}
