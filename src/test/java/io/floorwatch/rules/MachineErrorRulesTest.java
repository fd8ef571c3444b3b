package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MACHINE_ERRORS (more than 5 ERROR within 15 min) and MACHINE_CRITICAL (more than 10 within 5 min):
 * once per episode, resolved after 15 min without errors, in one bounded run (one machine per scenario).
 */
class MachineErrorRulesTest extends RuleTestSupport {
    static List<Alert> alerts;

    static FloorEvent error(String machine, long time) {
        FloorEvent e = slot(machine + "@" + (time - T0) / 1000, machine, "ERROR", time);
        e.errorCode = "6" + (time / 1000 % 10);
        return e;
    }

    static FloorEvent coded(String machine, long time, String code) {
        FloorEvent e = slot(machine + "@" + (time - T0) / 1000, machine, "ERROR", time);
        e.errorCode = code;
        e.errorCategory = io.floorwatch.event.SasCodes.DEFAULTS.categoryOf(code);
        return e;
    }

    static String firstId(String machine, long time) {
        return machine + "@" + (time - T0) / 1000;
    }

    @BeforeAll
    static void runScenario() throws Exception {
        List<FloorEvent> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) all.add(error("M1", T0 + min(i))); // exactly 5: nothing
        for (int i = 0; i <= 5; i++) all.add(error("M2", T0 + min(i))); // 6: fires at 5:00
        for (int m = 7; m <= 39; m += 2) all.add(error("M2", T0 + min(m))); // the burst goes on: same episode
        for (int i = 0; i <= 5; i++) all.add(error("M2", T0 + min(60 + i))); // after 21 min quiet: a new episode
        for (int i = 0; i < 10; i++) all.add(error("M3", T0 + sec(30 * i))); // 10 in 4.5 min: HIGH only
        for (int i = 0; i < 11; i++) all.add(error("M4", T0 + sec(20 * i))); // 11 in 200 s: HIGH and CRITICAL
        for (int s : new int[] {0, 1, 2, 3, 4, 5}) all.add(error("M6", T0 + min(100) + sec(s)));
        for (int i = 0; i <= 5; i++) all.add(error("M5", T0 + min(150) + min(i))); // fires; quiet ends after the input
        // M8 (SPEC 8.5): 5 faults and 8 SERVICE codes (hopper empty, cashbox full, printer paper low) in 10 min: no
        // alert
        for (int i = 0; i < 5; i++) all.add(coded("M8", T0 + min(2 * i), i % 2 == 0 ? "0x61" : "21"));
        for (int i = 0; i < 8; i++)
            all.add(coded(
                    "M8",
                    T0 + min(2 * i) + sec(30),
                    List.of("23", "0x27", "0X074", "71").get(i % 4)));
        // M9: 6 faults fire; SERVICE codes after them do not delay the resolve 15 min after the last fault
        for (int i = 0; i <= 5; i++) all.add(coded("M9", T0 + min(40 + i), "0x20"));
        for (int i = 1; i <= 4; i++) all.add(coded("M9", T0 + min(45) + min(3 * i), "0x2E"));
        all.add(clock(T0 + min(120)));
        List<FloorEvent> in = inOrder(all.toArray(new FloorEvent[0]));
        // M6: the error of 100:04 arrives after the one of 100:05 (1 s out of order, within the bound)
        FloorEvent m6at4 = in.stream()
                .filter(e -> e.eventId.equals(firstId("M6", T0 + min(100) + sec(4))))
                .findFirst()
                .orElseThrow();
        in.remove(m6at4);
        in.add(
                in.indexOf(in.stream()
                                .filter(e -> e.eventId.equals(firstId("M6", T0 + min(100) + sec(5))))
                                .findFirst()
                                .orElseThrow())
                        + 1,
                m6at4);
        // behind the watermark (120:00 - 5 s): late, counted once
        in.add(
                in.indexOf(in.stream()
                                .filter(e -> e.eventId.startsWith("clock@"))
                                .findFirst()
                                .orElseThrow())
                        + 1,
                slot("late", "M7", "ERROR", T0 + min(119)));
        in.add(clock(T0 + min(160)));
        alerts = run(in, (events, late) -> MachineErrorRules.build(events, cfg(), late));
    }

    static List<Alert> of(String rule, String machine) {
        return alerts.stream()
                .filter(a -> rule.equals(a.rule) && machine.equals(a.entityId))
                .toList();
    }

    static void assertFiring(Alert a, String rule, String machine, String evidence, long time) {
        assertEquals(Alert.FIRING, a.status, a.toString());
        assertEquals(Alert.idOf(rule, machine, evidence), a.alertId, a.toString());
        assertEquals(time, a.eventTime, a.toString());
        assertEquals(Rules.MACHINE, a.entityType);
    }

    static void assertResolved(Alert a, Alert firing, long time) {
        assertEquals(Alert.RESOLVED, a.status, a.toString());
        assertEquals(firing.alertId, a.alertId);
        assertEquals(time, a.eventTime, a.toString());
    }

    @Test
    void fiveErrorsAreNotMoreThanFive() {
        assertEquals(List.of(), of(alerts, "M1"));
    }

    @Test
    void sixthErrorFiresOncePerEpisodeAndQuietResolves() {
        List<Alert> m2 = of(Rules.MACHINE_ERRORS, "M2");
        assertEquals(4, m2.size(), m2.toString());
        assertFiring(m2.get(0), Rules.MACHINE_ERRORS, "M2", firstId("M2", T0), T0 + min(5));
        assertEquals(Severity.HIGH, m2.get(0).severity);
        assertResolved(m2.get(1), m2.get(0), T0 + min(39 + 15));
        assertFiring(m2.get(2), Rules.MACHINE_ERRORS, "M2", firstId("M2", T0 + min(60)), T0 + min(65));
        assertResolved(m2.get(3), m2.get(2), T0 + min(65 + 15));
        assertEquals(List.of(), of(Rules.MACHINE_CRITICAL, "M2"));
    }

    @Test
    void tenInFiveMinutesAreNotCritical() {
        assertEquals(List.of(), of(Rules.MACHINE_CRITICAL, "M3"));
        List<Alert> m3 = of(Rules.MACHINE_ERRORS, "M3");
        assertEquals(2, m3.size(), m3.toString());
        assertFiring(m3.get(0), Rules.MACHINE_ERRORS, "M3", firstId("M3", T0), T0 + sec(150));
        assertResolved(m3.get(1), m3.get(0), T0 + sec(270) + min(15));
    }

    @Test
    void eleventhErrorInFiveMinutesIsCritical() {
        List<Alert> crit = of(Rules.MACHINE_CRITICAL, "M4");
        assertEquals(2, crit.size(), crit.toString());
        assertFiring(crit.get(0), Rules.MACHINE_CRITICAL, "M4", firstId("M4", T0), T0 + sec(200));
        assertEquals(Severity.CRITICAL, crit.get(0).severity);
        assertResolved(crit.get(1), crit.get(0), T0 + sec(200) + min(15));
        List<Alert> high = of(Rules.MACHINE_ERRORS, "M4");
        assertEquals(2, high.size(), high.toString());
        assertFiring(high.get(0), Rules.MACHINE_ERRORS, "M4", firstId("M4", T0), T0 + sec(100));
    }

    @Test
    void outOfOrderWithinTheBoundCountsInEventTimeOrder() {
        List<Alert> m6 = of(Rules.MACHINE_ERRORS, "M6");
        assertEquals(2, m6.size(), m6.toString());
        assertFiring(m6.get(0), Rules.MACHINE_ERRORS, "M6", firstId("M6", T0 + min(100)), T0 + min(100) + sec(5));
        assertResolved(m6.get(1), m6.get(0), T0 + min(100) + sec(5) + min(15));
    }

    @Test
    void endOfBoundedInputFiresTheBurstButInventsNoQuietPeriod() {
        List<Alert> m5 = of(Rules.MACHINE_ERRORS, "M5");
        assertEquals(1, m5.size(), m5.toString());
        assertFiring(m5.get(0), Rules.MACHINE_ERRORS, "M5", firstId("M5", T0 + min(150)), T0 + min(155));
    }

    @Test
    void serviceCodesNeitherCountNorExtendTheQuietPeriod() {
        assertEquals(List.of(), of(alerts, "M8"));
        List<Alert> m9 = of(Rules.MACHINE_ERRORS, "M9");
        assertEquals(2, m9.size(), m9.toString());
        assertFiring(m9.get(0), Rules.MACHINE_ERRORS, "M9", firstId("M9", T0 + min(40)), T0 + min(45));
        assertResolved(m9.get(1), m9.get(0), T0 + min(45 + 15));
    }

    @Test
    void lateErrorIsCountedOnce() {
        assertEquals(List.of("late"), lateIds(alerts));
        assertEquals(List.of(), of(alerts, "M7"));
    }
}
