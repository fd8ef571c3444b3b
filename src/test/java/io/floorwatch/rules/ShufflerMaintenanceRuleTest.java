package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 3 SHUFFLER_ERROR on one table within 60 min (the AWS seed's predictive maintenance). */
class ShufflerMaintenanceRuleTest extends RuleTestSupport {
    static List<Alert> alerts;

    @BeforeAll
    static void runScenario() throws Exception {
        List<FloorEvent> in = inOrder(
                table("a1", "T1", "SHUFFLER_ERROR", T0),
                table("a2", "T1", "SHUFFLER_ERROR", T0 + min(10)),
                table("a3", "T1", "SHUFFLER_ERROR", T0 + min(59)),
                table("a4", "T1", "SHUFFLER_ERROR", T0 + min(61)),
                table("b1", "T2", "SHUFFLER_ERROR", T0),
                table("b2", "T2", "SHUFFLER_STATUS", T0 + min(1)),
                table("b3", "T2", "SHUFFLER_ERROR", T0 + min(2)),
                table("c1", "T3", "SHUFFLER_ERROR", T0),
                table("c2", "T3", "SHUFFLER_ERROR", T0 + min(30)),
                table("c3", "T3", "SHUFFLER_ERROR", T0 + min(60)),
                clock(T0 + min(90)));
        in.add(table("late", "T4", "SHUFFLER_ERROR", T0 + min(80)));
        alerts = run(in, (events, late) -> ShufflerMaintenanceRule.build(events, cfg(), late));
    }

    @Test
    void threeWithinTheHourFireOnceForTheTable() {
        List<Alert> t1 = of(alerts, "T1");
        assertEquals(1, t1.size(), t1.toString());
        Alert a = t1.get(0);
        assertEquals(Rules.SHUFFLER_MAINTENANCE, a.rule);
        assertEquals(Severity.MEDIUM, a.severity);
        assertEquals(Rules.TABLE, a.entityType);
        assertEquals(T0 + min(59), a.eventTime);
        assertEquals(Alert.idOf(Rules.SHUFFLER_MAINTENANCE, "T1", "a1"), a.alertId);
        assertNull(a.amountCents);
    }

    @Test
    void otherTableEventsDoNotCount() {
        assertEquals(List.of(), of(alerts, "T2"));
    }

    @Test
    void exactlyAnHourApartIsOutside() {
        assertEquals(List.of(), of(alerts, "T3"));
    }

    @Test
    void lateIsCounted() {
        assertEquals(List.of("late"), lateIds(alerts));
    }
}
