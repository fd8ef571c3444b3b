package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPEC §8.4 as bounded MiniCluster jobs wired as the topology wires them ({@link ComplianceRules#of}): the warning and
 * the MTL's running totals follow event time across the cage and table topics, whatever the arrival order.
 */
class Title31EventTimeTest extends ComplianceTestSupport {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final FloorWatchConfig CFG = config();
    private static final long T = plus(DAY_START, Duration.ofHours(4));

    private static long s(int seconds) {
        return T + seconds * 1000L;
    }

    @Test
    @DisplayName(
            "31 CFR 1021.313/.410: a table BUY_IN arriving after a later cage transaction: right warning, right day_totals")
    void cfr1021_410_dayTotalsInEventTimeOrder() throws Exception {
        FloorEvent table = buyIn("BJ-1", "P-1", "CASH", "4000.00", s(0)); // happened first, arrives last
        FloorEvent cage = cashIn("P-1", "4500.00", s(2)); // 4,000 -> 8,500: the cage transaction warns
        FloorEvent cageOut = cashOut("P-1", "3000.00", s(1)); // the other direction, its own total
        List<FloorEvent> arrival = List.of(cage, cageOut, table, clock(s(60)));
        List<MtlEntry> mtl = run(
                        arrival,
                        MtlEntry.class,
                        (in, late) -> ComplianceRules.of(in, CFG, late).mtlEntries())
                .out();
        assertEquals(
                List.of(
                        table.eventId + " CASH_IN 400000",
                        cageOut.eventId + " CASH_OUT 300000",
                        cage.eventId + " CASH_IN 850000"),
                mtl.stream()
                        .sorted(Comparator.comparingLong(m -> m.eventTime))
                        .map(m -> m.eventId + " " + m.direction + " " + m.dayTotalCents)
                        .toList());

        List<Alert> alerts = run(arrival, Alert.class, (in, late) -> ComplianceRules.build(in, CFG, late))
                .out();
        List<Alert> warn = alerts.stream()
                .filter(a -> a.rule.equals(Rules.CTR_APPROACHING))
                .toList();
        assertEquals(1, warn.size(), alerts.toString());
        assertEquals(cage.eventTime, warn.get(0).eventTime);
        assertEquals(cents("8500.00"), warn.get(0).amountCents);
        assertTrue(warn.get(0).details.contains("\"crossing_event_id\":\"" + cage.eventId + "\""), warn.get(0).details);
    }

    @Test
    @DisplayName(
            "31 CFR 1021.320: structuring ($8,000.00 and $9,999.99 within 24 h) raises a SAR beside the warning and the CTR")
    void cfr1021_320_structuringBesideTheWarning() throws Exception {
        FloorEvent first = cashIn("P-3", "8000.00", s(0)); // warns at exactly $8,000.00
        FloorEvent second = buyIn("BJ-3", "P-3", "CASH", "9999.99", s(600)); // $17,999.99: CTR, and the SAR's second
        List<Alert> alerts = run(
                        List.of(first, second, clock(s(900))),
                        Alert.class,
                        (in, late) -> ComplianceRules.build(in, CFG, late))
                .out();
        assertEquals(
                List.of(
                        Rules.CTR_APPROACHING + " " + first.eventTime,
                        Rules.CTR_REQUIRED + " " + second.eventTime,
                        Rules.SAR_STRUCTURING + " " + second.eventTime),
                alerts.stream().map(a -> a.rule + " " + a.eventTime).sorted().toList());
        assertTrue(alerts.stream().allMatch(Alert::isCompliance), "all three for the compliance route only");
    }

    @Test
    @DisplayName(
            "31 CFR 1021.410: through the whole compliance graph, a cash BUY_IN without a player is logged once, with nulls")
    void cfr1021_410_unattributedThroughTheGraph() throws Exception {
        FloorEvent anonymous = buyIn("BJ-2", null, "CASH", "5000.00", s(0));
        List<MtlEntry> mtl = run(
                        List.of(anonymous, buyIn("BJ-2", null, "CHIPS", "5000.00", s(1)), clock(s(60))),
                        MtlEntry.class,
                        (in, late) -> ComplianceRules.of(in, CFG, late).mtlEntries())
                .out();
        assertEquals(1, mtl.size(), mtl.toString());
        assertEquals(anonymous.eventId, mtl.get(0).eventId);
        assertEquals(null, mtl.get(0).playerId);
        assertEquals(null, mtl.get(0).dayTotalCents);
        assertEquals("BJ-2", mtl.get(0).location);
    }

    @Test
    @DisplayName(
            "26 CFR 7.6041-1: through the whole compliance graph, one W-2G form per W2G_REQUIRED firing, same alert_id")
    void cfr26_7_6041_1_oneFormPerFiring() throws Exception {
        FloorEvent carded = jackpot("SM-1", "2500.00", s(0));
        carded.playerId = "P-1";
        FloorEvent uncarded = jackpot("SM-2", "2000.00", s(1));
        List<FloorEvent> events = List.of(carded, uncarded, jackpot("SM-3", "1999.99", s(2)), clock(s(60)));
        List<W2gForm> forms = run(
                        events,
                        W2gForm.class,
                        (in, late) -> ComplianceRules.of(in, CFG, late).w2gForms())
                .out();
        List<Alert> w2g = run(events, Alert.class, (in, late) -> ComplianceRules.build(in, CFG, late)).out().stream()
                .filter(a -> a.rule.equals(Rules.W2G_REQUIRED))
                .toList();
        assertEquals(
                w2g.stream().map(a -> a.alertId).sorted().toList(),
                forms.stream().map(f -> f.alertId).sorted().toList());
        assertEquals(
                List.of("SM-1 P-1 false", "SM-2 null true"),
                forms.stream()
                        .map(f -> f.machineId + " " + f.playerId + " " + f.idRequired)
                        .sorted()
                        .toList());
    }
}
