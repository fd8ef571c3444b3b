package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SAR_STRUCTURING (31 CFR 1021.320) as a bounded event-time job: CEP + gate. */
class SarStructuringTest extends ComplianceTestSupport {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final FloorWatchConfig CFG = config();

    private static long t(Duration d) {
        return plus(DAY_START, d);
    }

    private static long h(double hours) {
        return t(Duration.ofSeconds(Math.round(hours * 3600)));
    }

    /** Runs the rule on the events in time order (ties keep their order). */
    private static Run<Alert> sorted(FloorEvent... events) throws Exception {
        List<FloorEvent> list = new ArrayList<>(List.of(events));
        list.sort(Comparator.comparingLong(e -> e.eventTime));
        return inOrder(list);
    }

    private static Run<Alert> inOrder(List<FloorEvent> events) throws Exception {
        return run(events, Alert.class, (in, late) -> SarStructuring.build(in, CFG, late));
    }

    private static Map<String, List<Alert>> byPlayer(Run<Alert> run) {
        return run.out().stream().collect(Collectors.groupingBy(a -> a.entityId));
    }

    @Test
    @DisplayName("31 CFR 1021.320: each amount must be within $8,000.00-$9,999.99 inclusive; either direction counts")
    void amountBoundaries() throws Exception {
        FloorEvent b1 = cashIn("P-B", "8000.00", h(2));
        FloorEvent b2 = cashIn("P-B", "9999.99", h(3));
        Run<Alert> run = sorted(
                cashIn("P-A", "7999.99", h(0)),
                cashIn("P-A", "8000.00", h(1)),
                b1,
                b2,
                cashIn("P-C", "9999.99", h(4)),
                cashIn("P-C", "10000.00", h(5)),
                buyIn("BJ-1", "P-D", "CASH", "8200.00", h(6)),
                cashOut("P-D", "9100.00", h(7)),
                cage("P-E", "CASH_IN", "CHIPS", "9000.00", h(8)),
                cashIn("P-E", "9000.00", h(9)),
                billIn("SM-1", "P-F", "9000.00", h(10)),
                cashIn("P-F", "9000.00", h(11)));
        Map<String, List<Alert>> alerts = byPlayer(run);
        assertEquals(
                Map.of("P-B", 1, "P-D", 1),
                alerts.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().size())));
        Alert a = alerts.get("P-B").get(0);
        assertEquals(Rules.SAR_STRUCTURING, a.rule);
        assertEquals(Severity.HIGH, a.severity);
        assertEquals(Rules.PLAYER, a.entityType);
        assertEquals(cents("17999.99"), a.amountCents);
        assertEquals(b2.eventTime, a.eventTime);
        assertEquals(Alert.idOf(Rules.SAR_STRUCTURING, "P-B", b1.eventId + "," + b2.eventId), a.alertId);
        assertEquals(
                "Possible structuring: P-B made 2 cash transactions of $8,000.00 to $9,999.99 within 24 h (total $17,999.99)",
                a.summary);
        assertTrue(a.details.contains("\"event_id\":\"" + b1.eventId + "\""), a.details);
        assertTrue(run.late().isEmpty());
    }

    @Test
    @DisplayName("31 CFR 1021.320: 23:59:59 apart is within 24 h and fires; exactly 24:00:00 apart does not")
    void windowBoundary() throws Exception {
        Run<Alert> run = sorted(
                cashIn("P-IN", "9000.00", t(Duration.ZERO)),
                cashIn("P-IN", "9000.00", t(Duration.ofHours(24).minusSeconds(1))),
                cashIn("P-OUT", "9000.00", t(Duration.ofSeconds(5))),
                cashIn("P-OUT", "9000.00", t(Duration.ofHours(24).plusSeconds(5))));
        assertEquals(List.of("P-IN"), run.out().stream().map(a -> a.entityId).toList());
    }

    @Test
    @DisplayName("31 CFR 1021.320: more within 24 h of the group's first don't fire again; a later group does")
    void oncePerGroup() throws Exception {
        FloorEvent t3 = cashIn("P-H", "8100.00", h(23.5));
        FloorEvent t4 = cashOut("P-H", "8200.00", h(24.5));
        Run<Alert> run = sorted(
                cashIn("P-H", "9000.00", h(0)),
                cashIn("P-H", "9000.00", h(1)), // fires
                cashIn("P-H", "9500.00", h(20)), // within 24 h of the first
                t3, // still within
                t4, // 24.5 h after the first: new group (t3, t4)
                cashIn("P-I", "9000.00", h(0.1)),
                cashIn("P-I", "9000.00", h(1.1)), // fires
                cashIn("P-I", "9000.00", h(25.1))); // exactly 24 h after its partner: no
        Map<String, List<Alert>> alerts = byPlayer(run);
        List<Alert> ph = alerts.get("P-H");
        assertEquals(2, ph.size(), ph.toString());
        assertEquals(h(1), ph.get(0).eventTime);
        assertEquals(cents("18000.00"), ph.get(0).amountCents);
        assertEquals(t4.eventTime, ph.get(1).eventTime);
        assertEquals(Alert.idOf(Rules.SAR_STRUCTURING, "P-H", t3.eventId + "," + t4.eventId), ph.get(1).alertId);
        assertEquals(cents("16300.00"), ph.get(1).amountCents);
        assertEquals(1, alerts.get("P-I").size());
    }

    @Test
    @DisplayName("31 CFR 1021.320: out-of-order arrival within the watermark bound is sorted by event time")
    void outOfOrder() throws Exception {
        FloorEvent later = cashIn("P-J", "9000.00", t(Duration.ofSeconds(10)));
        FloorEvent earlier = cashOut("P-J", "8500.00", t(Duration.ofSeconds(7))); // arrives 3 s out of order
        Run<Alert> run = inOrder(List.of(later, earlier));
        assertEquals(1, run.out().size());
        Alert a = run.out().get(0);
        assertEquals(later.eventTime, a.eventTime);
        assertEquals(Alert.idOf(Rules.SAR_STRUCTURING, "P-J", earlier.eventId + "," + later.eventId), a.alertId);
        assertEquals(cents("17500.00"), a.amountCents);
        assertTrue(run.late().isEmpty());
    }

    @Test
    @DisplayName(
            "31 CFR 1021.320: a transaction behind the watermark goes to late events and does not complete a match")
    void lateEvent() throws Exception {
        FloorEvent late = cashIn("P-K", "9000.00", h(2));
        Run<Alert> run = inOrder(List.of(cashIn("P-K", "9000.00", h(1)), clock(h(3)), late));
        assertTrue(run.out().isEmpty(), run.out().toString());
        assertEquals(
                List.of(late.eventId), run.late().stream().map(e -> e.eventId).toList());
    }

    @Test
    @DisplayName(
            "31 CFR 1021.320: the end of a bounded input invents nothing (a single qualifying transaction stays silent)")
    void endOfInput() throws Exception {
        Run<Alert> run = sorted(cashIn("P-L", "9000.00", h(1)));
        assertFalse(run.out().iterator().hasNext());
    }
}
