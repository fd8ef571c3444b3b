package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.Mix.Salt;

/**
 * The METERS snapshots of a block (SPEC 8.5): every machine every {@link SasMeters#PERIOD_MS}, at its own phase,
 * except while it is dark. Not an incident: staged in every block, drawing nothing from the plan.
 */
final class MeterSnapshots implements Scenario {
    @Override
    public void stage(Plan plan) {
        if (plan.dropsOwnBlock()) return; // only this block's snapshots, all dropped
        SimulatedFloor floor = plan.floor();
        RecordTimes clock = floor.clock();
        long first = plan.block() * FloorSimulator.BLOCK;
        long last = first + FloorSimulator.BLOCK - 1;
        long from = clock.timeOf(first);
        long to = clock.timeOf(last + 1);
        long period = SasMeters.PERIOD_MS;
        for (Machine m : floor.layout().machines()) {
            long phase = Math.floorMod(Mix.mix(floor.settings().seed(), m.index(), Salt.METERS.value), period);
            for (long at = from + Math.floorMod(phase - from, period); at < to; at += period) {
                long target = Math.min(last, Math.max(first, clock.indexAt(at)));
                if (!floor.holds().available(m, target, false)) continue; // a dark machine sends nothing
                plan.addSnapshot(target, m, (j, t, rnd) -> {
                    FloorEvents.slot(j, EventType.METERS, m, rnd);
                    j.raw("meters", floor.meters().snapshot(m, t - SasMeters.LAG_MS));
                });
            }
        }
    }
}
