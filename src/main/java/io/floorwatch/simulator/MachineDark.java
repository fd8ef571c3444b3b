package io.floorwatch.simulator;

import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.MachineHolds.Kind;

/** A machine goes dark for 11-18 minutes: no play, no heartbeat, no meters (MACHINE_OFFLINE). */
final class MachineDark implements Scenario {
    @Override
    public void stage(Plan plan) {
        Machine m = plan.popularMachine();
        long start = plan.start();
        plan.hold(m, start, plan.after(start, 11 * 60_000 + plan.nextInt(7 * 60_000)), Kind.DARK);
    }
}
