package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs on MiniCluster: a single-event rule fires without waiting for floor time. */
class SecurityAlarmRuleTest extends RuleTestSupport {

    @Test
    void doorForcedAndAlarmFireForTheLocationOthersDoNot() throws Exception {
        List<FloorEvent> in = list(
                security("s1", "LOC-7", "DOOR_FORCED", "SM-0042", T0),
                security("s2", "LOC-8", "ALARM", null, T0 + sec(1)),
                security("s3", "LOC-9", "ACCESS_DENIED", null, T0 + sec(2)),
                security("s4", "LOC-9", "CAMERA_OFFLINE", null, T0 + sec(3)),
                slot("s5", "LOC-7", "ALARM", T0 + sec(4))); // a slot event type of the same name is not security
        List<Alert> alerts = run(in, (events, late) -> SecurityAlarmRule.build(events, cfg(), late));
        assertEquals(2, alerts.size(), alerts.toString());
        Alert forced = alerts.get(0);
        assertEquals(Rules.SECURITY_ALARM, forced.rule);
        assertEquals(Severity.CRITICAL, forced.severity);
        assertEquals(Rules.LOCATION, forced.entityType);
        assertEquals("LOC-7", forced.entityId);
        assertEquals(Alert.idOf(Rules.SECURITY_ALARM, "LOC-7", "s1"), forced.alertId);
        assertEquals(T0, forced.eventTime);
        assertEquals("Door forced at LOC-7 (machine SM-0042)", forced.summary);
        assertEquals("LOC-8", alerts.get(1).entityId);
    }

    @Test
    void anEventFarBehindTheWatermarkStillAlarms() throws Exception {
        List<FloorEvent> in = list(clock(T0 + min(30)), security("old", "LOC-1", "ALARM", null, T0));
        List<Alert> alerts = run(in, (events, late) -> SecurityAlarmRule.build(events, cfg(), late));
        assertEquals(List.of("LOC-1"), alerts.stream().map(a -> a.entityId).toList());
    }
}
