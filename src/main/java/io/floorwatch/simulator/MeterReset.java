package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;

/**
 * A RAM clear: the machine reports a soft meters reset (0x7A) and its meters start again from zero (METER_RESET). Never
 * on a machine whose meters roll over or drift: their stories are their own.
 */
final class MeterReset implements Scenario {
    @Override
    public void stage(Plan plan) {
        Machine m = plan.anyMachine();
        SasMeters meters = plan.floor().meters();
        if (SasMeters.rollsOver(m) || meters.drifts(m)) return;
        plan.add(plan.start(), Source.SLOT, m.id(), (j, t, rnd) -> {
            FloorEvents.slot(j, EventType.ERROR, m, rnd);
            j.raw("error_code", WireFormat.errorCode("0x7A", rnd));
            meters.clear(m);
        });
    }
}
