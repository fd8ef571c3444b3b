package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 3 slot events paying at least $1,200 on one machine within 60 min (half-open window). */
class RepeatJackpotsRuleTest extends RuleTestSupport {
    static final long BIG = 1_200_00L;
    static List<Alert> alerts;

    @BeforeAll
    static void runScenario() throws Exception {
        List<FloorEvent> in = inOrder(
                jackpot("a1", "M1", T0, BIG),
                jackpot("a2", "M1", T0 + min(20), BIG),
                jackpot("b1", "M2", T0, BIG),
                jackpot("b2", "M2", T0 + min(20), 2_000_00L),
                jackpot("b3", "M2", T0 + min(40), 3_000_00L),
                jackpot("c1", "M3", T0, BIG),
                jackpot("c2", "M3", T0 + min(5), BIG),
                jackpot("c3", "M3", T0 + min(10), BIG),
                jackpot("c4", "M3", T0 + min(15), BIG),
                jackpot("c5", "M3", T0 + min(20), BIG),
                jackpot("c6", "M3", T0 + min(25), BIG),
                jackpot("d1", "M4", T0, BIG),
                jackpot("d2", "M4", T0 + min(5), BIG),
                jackpot("d3", "M4", T0 + min(10), BIG),
                jackpot("d4", "M4", T0 + min(15), BIG),
                // the third exactly 60 min after the first: outside the window
                jackpot("e1", "M5", T0, BIG),
                jackpot("e2", "M5", T0 + min(30), BIG),
                jackpot("e3", "M5", T0 + min(60), BIG),
                // $1,199.99 is below the threshold
                jackpot("f1", "M6", T0, BIG),
                jackpot("f2", "M6", T0 + min(1), BIG - 1),
                jackpot("f3", "M6", T0 + min(2), BIG),
                jackpot("f4", "M6", T0 + min(3), BIG));
        in.addAll(list(
                jackpot("o1", "M7", T0 + min(70), BIG),
                jackpot("o3", "M7", T0 + min(70) + sec(3), BIG),
                jackpot("o2", "M7", T0 + min(70) + sec(1), BIG), // 2 s out of order: within the bound
                clock(T0 + min(71)),
                jackpot("late", "M7", T0 + min(70) + sec(50), BIG), // behind the watermark
                clock(T0 + min(200))));
        alerts = run(in, (events, late) -> RepeatJackpotsRule.build(events, cfg(), late));
    }

    @Test
    void twoAreNotEnough() {
        assertEquals(List.of(), of(alerts, "M1"));
    }

    @Test
    void firesOnTheThirdWithAllThreeAsEvidence() {
        List<Alert> m2 = of(alerts, "M2");
        assertEquals(1, m2.size(), m2.toString());
        Alert a = m2.get(0);
        assertEquals(Rules.REPEAT_JACKPOTS, a.rule);
        assertEquals(Severity.HIGH, a.severity);
        assertEquals(Alert.FIRING, a.status);
        assertEquals(T0 + min(40), a.eventTime);
        assertEquals(6_200_00L, a.amountCents);
        assertEquals(Alert.idOf(Rules.REPEAT_JACKPOTS, "M2", "b1,b2,b3"), a.alertId);
    }

    @Test
    void sixMakeTwoFullSetsAndFourOnlyOne() {
        assertEquals(
                List.of(
                        Alert.idOf(Rules.REPEAT_JACKPOTS, "M3", "c1,c2,c3"),
                        Alert.idOf(Rules.REPEAT_JACKPOTS, "M3", "c4,c5,c6")),
                of(alerts, "M3").stream().map(a -> a.alertId).toList());
        assertEquals(
                List.of(Alert.idOf(Rules.REPEAT_JACKPOTS, "M4", "d1,d2,d3")),
                of(alerts, "M4").stream().map(a -> a.alertId).toList());
    }

    @Test
    void exactlyTheWindowApartIsOutside() {
        assertEquals(List.of(), of(alerts, "M5"));
    }

    @Test
    void belowTheThresholdDoesNotCount() {
        assertEquals(
                List.of(Alert.idOf(Rules.REPEAT_JACKPOTS, "M6", "f1,f3,f4")),
                of(alerts, "M6").stream().map(a -> a.alertId).toList());
    }

    @Test
    void outOfOrderWithinTheBoundIsSortedAndLateIsCounted() {
        assertEquals(
                List.of(Alert.idOf(Rules.REPEAT_JACKPOTS, "M7", "o1,o2,o3")),
                of(alerts, "M7").stream().map(a -> a.alertId).toList());
        assertEquals(List.of("late"), lateIds(alerts));
    }
}
