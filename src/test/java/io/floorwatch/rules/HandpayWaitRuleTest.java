package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One bounded run, one scenario per machine (timeout 10 min). CEP's window is half-open: a reset
 * exactly 10:00 after the jackpot is not "within" it, so the alert fires and the same reset resolves it.
 */
class HandpayWaitRuleTest extends RuleTestSupport {
    static List<Alert> alerts;

    @BeforeAll
    static void runScenario() throws Exception {
        List<FloorEvent> in = list(
                jackpot("J1", "M1", T0, 1_500_00L),
                jackpot("J2", "M2", T0, 2_000_00L),
                jackpot("J3", "M3", T0, 3_000_00L),
                jackpot("J4", "M4", T0, 4_000_00L),
                jackpot("J8a", "M8", T0, 1_300_00L),
                jackpot("J8b", "M8", T0 + min(2), 1_400_00L),
                slot("R1", "M1", "HANDPAY_RESET", T0 + min(10) - sec(1)),
                slot("R2", "M2", "HANDPAY_RESET", T0 + min(10)),
                slot("R3", "M3", "HANDPAY_RESET", T0 + min(11)),
                slot("R8", "M8", "HANDPAY_RESET", T0 + min(11)),
                // out of order within the 5 s bound: the reset arrives 3 s before its jackpot
                slot("R6", "M6", "HANDPAY_RESET", T0 + min(20) + sec(3)),
                jackpot("J6", "M6", T0 + min(20), 5_000_00L),
                clock(T0 + min(21)),
                // behind the watermark (21:00 - 5 s): late, counted, not judged
                jackpot("J7", "M7", T0 + min(20) + sec(50), 6_000_00L),
                // deadline 35:00 is after the last event time (30:00): the end of the input is not a timeout
                jackpot("J5", "M5", T0 + min(25), 7_000_00L),
                clock(T0 + min(30)));
        alerts = run(in, (events, late) -> HandpayWaitRule.build(events, cfg(), late));
    }

    @Test
    void resetOneSecondBeforeTheTimeoutFiresNothing() {
        assertEquals(List.of(), of(alerts, "M1"));
    }

    @Test
    void resetExactlyAtTheTimeoutFiresAndResolvesAtTheSameInstant() {
        List<Alert> m2 = of(alerts, "M2");
        assertEquals(2, m2.size(), m2.toString());
        Alert firing = m2.get(0);
        Alert resolved = m2.get(1);
        assertEquals(Alert.FIRING, firing.status);
        assertEquals(T0 + min(10), firing.eventTime);
        assertEquals(Alert.RESOLVED, resolved.status);
        assertEquals(T0 + min(10), resolved.eventTime);
        assertEquals(firing.alertId, resolved.alertId);
    }

    @Test
    void resetAfterTheTimeoutFiresAtTheDeadlineAndResolvesOnTheReset() {
        List<Alert> m3 = of(alerts, "M3");
        assertEquals(2, m3.size(), m3.toString());
        Alert firing = m3.get(0);
        assertEquals(Alert.FIRING, firing.status);
        assertEquals(Rules.HANDPAY_WAIT, firing.rule);
        assertEquals(Severity.HIGH, firing.severity);
        assertEquals(Rules.MACHINE, firing.entityType);
        assertEquals(T0 + min(10), firing.eventTime);
        assertEquals(3_000_00L, firing.amountCents);
        assertEquals(Alert.idOf(Rules.HANDPAY_WAIT, "M3", "J3"), firing.alertId);
        assertTrue(firing.summary.contains("$3,000.00") && firing.summary.contains("M3"), firing.summary);
        assertTrue(firing.details.contains("\"jackpot_event_id\":\"J3\""), firing.details);
        Alert resolved = m3.get(1);
        assertEquals(Alert.RESOLVED, resolved.status);
        assertEquals(T0 + min(11), resolved.eventTime);
        assertEquals(firing.alertId, resolved.alertId);
    }

    @Test
    void noResetFiresAndStaysOpen() {
        List<Alert> m4 = of(alerts, "M4");
        assertEquals(1, m4.size(), m4.toString());
        assertEquals(Alert.FIRING, m4.get(0).status);
        assertEquals(T0 + min(10), m4.get(0).eventTime);
    }

    @Test
    void eachJackpotPairsWithTheFirstResetAfterIt() {
        List<Alert> m8 = of(alerts, "M8");
        assertEquals(2, m8.size(), m8.toString());
        String id = Alert.idOf(Rules.HANDPAY_WAIT, "M8", "J8a");
        assertEquals(List.of(id, id), m8.stream().map(a -> a.alertId).toList());
        assertEquals(
                List.of(Alert.FIRING, Alert.RESOLVED),
                m8.stream().map(a -> a.status).toList());
        assertEquals(T0 + min(11), m8.get(1).eventTime);
    }

    @Test
    void outOfOrderWithinTheBoundIsMatched() {
        assertEquals(List.of(), of(alerts, "M6"));
    }

    @Test
    void lateBeyondTheBoundIsCountedNotJudged() {
        assertEquals(List.of("J7"), lateIds(alerts));
        assertEquals(List.of(), of(alerts, "M7"));
    }

    @Test
    void endOfBoundedInputInventsNoTimeout() {
        assertEquals(List.of(), of(alerts, "M5"));
    }
}
