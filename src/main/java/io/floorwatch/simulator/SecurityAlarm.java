package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;

/** An alarm at a security location, sometimes a door forced open (SECURITY_ALARM). */
final class SecurityAlarm implements Scenario {
    @Override
    public void stage(Plan plan) {
        String location = plan.any(plan.floor().layout().securityLocations());
        boolean forced = plan.nextDouble() < 0.4;
        plan.add(plan.start(), Source.SECURITY, location, (j, t, rnd) -> {
            FloorEvents.security(j, forced ? EventType.DOOR_FORCED : EventType.ALARM, location);
            FloorEvents.severity(j, forced ? Severity.CRITICAL : Severity.HIGH);
        });
    }
}
