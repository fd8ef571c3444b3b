package io.floorwatch.floor;

import java.io.Serializable;

/** Where a machine stands: one row of {@code machine_locations}, for the floor heatmap and section lookup. */
public class MachineLocation implements Serializable {
    public String machineId;
    public String floorSection;
    public int xCoord;
    public int yCoord;
    /** Machine denomination in cents (0 when unknown). */
    public long denominationCents;

    public MachineLocation() {}

    public MachineLocation(String machineId, String floorSection, int xCoord, int yCoord, long denominationCents) {
        this.machineId = machineId;
        this.floorSection = floorSection;
        this.xCoord = xCoord;
        this.yCoord = yCoord;
        this.denominationCents = denominationCents;
    }

    @Override
    public String toString() {
        return "MachineLocation[" + machineId + " section " + floorSection + " at " + xCoord + "," + yCoord
                + " denomination " + denominationCents + "c]";
    }
}
