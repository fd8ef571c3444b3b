package io.floorwatch.floor;

import java.io.Serializable;

/**
 * Where a machine stands: one row of {@code machine_locations}, for the floor heatmap and section lookup. Never held
 * in Flink state: it is read at start and written once to its table (serialized as a POJO, like every Java record).
 *
 * @param denominationCents machine denomination in cents (0 when unknown)
 */
public record MachineLocation(String machineId, String floorSection, int xCoord, int yCoord, long denominationCents)
        implements Serializable {
    @Override
    public String toString() {
        return "MachineLocation[" + machineId + " section " + floorSection + " at " + xCoord + "," + yCoord
                + " denomination " + denominationCents + "c]";
    }
}
