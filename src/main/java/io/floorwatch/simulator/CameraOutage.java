package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;

/** A camera goes offline and comes back 1-8 minutes later: security_events has it, no rule alerts on it. */
final class CameraOutage implements Scenario {
    @Override
    public void stage(Plan plan) {
        String camera = plan.any(plan.floor().layout().cameras());
        long start = plan.start();
        long backMs = 60_000 + plan.nextInt(7 * 60_000);
        plan.add(start, Source.SECURITY, camera, (j, t, rnd) -> {
            FloorEvents.security(j, EventType.CAMERA_OFFLINE, camera);
            FloorEvents.severity(j, Severity.MEDIUM);
        });
        plan.add(plan.after(start, backMs), Source.SECURITY, camera, (j, t, rnd) -> {
            FloorEvents.security(j, EventType.CAMERA_ONLINE, camera);
            FloorEvents.severity(j, Severity.INFO);
        });
    }
}
