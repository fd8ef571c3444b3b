package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;

/**
 * A slot machine's door opened and closed 3-10 minutes later: mostly after a technician's badge swipe on the section,
 * sometimes with no swipe at all (UNATTENDED_DOOR_OPEN).
 */
final class SlotDoorOpen implements Scenario {
    @Override
    public void stage(Plan plan) {
        Machine m = plan.anyMachine();
        String badge = plan.any(plan.floor().layout().badges());
        long start = plan.start();
        boolean attended = plan.nextDouble() < 0.85;
        long openMs = attended ? 30_000 + plan.nextInt(120_000) : 0;
        long closeMs = openMs + 180_000 + plan.nextInt(420_000);
        if (attended) {
            String location = "SLOT-FLOOR-" + m.section();
            plan.add(start, Source.SECURITY, location, (j, t, rnd) -> {
                FloorEvents.security(j, EventType.ACCESS_GRANTED, location);
                j.str("machine_id", m.id());
                j.str("badge_id", badge);
                FloorEvents.severity(j, Severity.INFO);
            });
        }
        plan.add(plan.after(start, openMs), Source.SLOT, m.id(), (j, t, rnd) -> {
            FloorEvents.slot(j, EventType.DOOR_OPEN, m, rnd);
        });
        plan.add(plan.after(start, closeMs), Source.SLOT, m.id(), (j, t, rnd) -> {
            FloorEvents.slot(j, EventType.DOOR_CLOSED, m, rnd);
        });
    }
}
