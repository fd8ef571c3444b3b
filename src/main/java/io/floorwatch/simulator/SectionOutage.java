package io.floorwatch.simulator;

import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.MachineHolds.Kind;

/** A section loses power for 2-4 minutes: its play is lost and the floor's coin in dips (FLOOR_ANOMALY). */
final class SectionOutage implements Scenario {
    @Override
    public void stage(Plan plan) {
        FloorLayout layout = plan.floor().layout();
        String section = plan.any(layout.sections());
        long start = plan.start();
        long end = plan.after(start, 120_000 + plan.nextInt(120_000));
        for (Machine m : layout.machines()) if (m.section().equals(section)) plan.hold(m, start, end, Kind.DARK);
    }
}
