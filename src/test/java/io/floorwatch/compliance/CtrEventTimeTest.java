package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.DeduplicateEvents;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CTR_REQUIRED and SAR_STRUCTURING in event time (SPEC §5) as bounded MiniCluster jobs wired as the topology
 * wires them ({@link ComplianceRules}): arrival order across the cage and table topics does not change which
 * transaction crosses, ties go by event_id, a re-send after the dedup window counts once.
 */
class CtrEventTimeTest extends ComplianceTestSupport {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final FloorWatchConfig CFG = config();
    /** 10:00:00 PST on gaming day 2026-11-22. */
    private static final long T = plus(DAY_START, Duration.ofHours(4));

    private static long s(int seconds) {
        return T + seconds * 1000L;
    }

    private static Run<Alert> compliance(List<FloorEvent> events) throws Exception {
        return run(events, Alert.class, (in, late) -> ComplianceRules.build(in, CFG, late));
    }

    private static List<Alert> rule(Run<Alert> run, String rule) {
        return run.out().stream().filter(a -> a.rule.equals(rule)).toList();
    }

    private static void assertCrossing(Alert a, FloorEvent crossing, String total, int transactions) {
        assertEquals(crossing.eventTime, a.eventTime, "event_time = the crossing transaction's time");
        assertEquals(cents(total), a.amountCents, "amount = the day's total after it");
        assertTrue(a.details.contains("\"crossing_event_id\":\"" + crossing.eventId + "\""), a.details);
        assertTrue(a.details.contains("\"crossing_source\":\"" + crossing.source.code() + "\""), a.details);
        assertTrue(a.details.contains("\"transactions\":" + transactions), a.details);
    }

    @Test
    @DisplayName("SPEC §5: a table BUY_IN arriving after later cage transactions still counts before them")
    void tableBuyInArrivesLate() throws Exception {
        FloorEvent a = cashIn("P-1", "4000.00", s(0));
        FloorEvent b = buyIn("BJ-1", "P-1", "CASH", "3000.00", s(1)); // the table topic lags ~3 s
        FloorEvent c = cashIn("P-1", "4000.00", s(2)); // event time: 4,000 → 7,000 → 11,000: c crosses
        FloorEvent d = cashIn("P-1", "2000.00", s(3));
        // Arrival order a, c, d, b would have named b with $13,000.00.
        Run<Alert> run = compliance(List.of(a, c, d, b, clock(s(60))));
        List<Alert> ctr = rule(run, Rules.CTR_REQUIRED);
        assertEquals(1, ctr.size(), run.out().toString());
        assertCrossing(ctr.get(0), c, "11000.00", 3);
        assertEquals(Alert.idOf(Rules.CTR_REQUIRED, "P-1", "2026-11-22/CASH_IN"), ctr.get(0).alertId);
        assertTrue(run.late().isEmpty(), run.late().toString());
    }

    @Test
    @DisplayName("SPEC §5: a cage transaction arriving after a later table BUY_IN: the BUY_IN crosses")
    void cageArrivesLate() throws Exception {
        FloorEvent cage = cashIn("P-2", "6000.00", s(0));
        FloorEvent table = buyIn("BJ-2", "P-2", "CASH", "5000.00", s(4));
        Run<Alert> run = compliance(List.of(table, cage)); // opposite of event-time order
        List<Alert> ctr = rule(run, Rules.CTR_REQUIRED);
        assertEquals(1, ctr.size(), run.out().toString());
        assertCrossing(ctr.get(0), table, "11000.00", 2);
    }

    @Test
    @DisplayName("SPEC §5: transactions at the same instant count in event_id order, whatever their arrival")
    void tiesByEventId() throws Exception {
        FloorEvent first = cashIn("P-3", "9000.00", s(0));
        FloorEvent b = cashIn("P-3", "2000.00", s(10));
        b.eventId = "tx-b";
        FloorEvent a = buyIn("BJ-3", "P-3", "CASH", "2000.00", s(10));
        a.eventId = "tx-a";
        for (List<FloorEvent> order : List.of(List.of(first, b, a), List.of(first, a, b))) {
            List<Alert> ctr = rule(compliance(order), Rules.CTR_REQUIRED);
            assertEquals(1, ctr.size(), ctr.toString());
            assertCrossing(ctr.get(0), a, "11000.00", 2);
        }
    }

    @Test
    @DisplayName("SPEC §8: 06:00:00.000 local belongs to the new gaming day, 05:59:59.999 to the old one")
    void gamingDayBoundary() throws Exception {
        long lastOfOld = DAY_START.toEpochMilli() - 1; // 2026-11-22 05:59:59.999 PST
        long firstOfNew = DAY_START.toEpochMilli(); // 2026-11-22 06:00:00.000 PST
        FloorEvent newDay = buyIn("BJ-4", "P-4", "CASH", "6000.00", firstOfNew);
        FloorEvent oldDay = cashIn("P-4", "6000.00", lastOfOld);
        FloorEvent crossesNew = cashIn("P-4", "4000.01", firstOfNew + 1000);
        FloorEvent p5early = cashIn("P-5", "6000.00", lastOfOld - 3600_000);
        FloorEvent p5crosses = buyIn("BJ-4", "P-5", "CASH", "4000.01", lastOfOld);
        FloorEvent p5next = cashIn("P-5", "20000.00", firstOfNew); // the new day's own CTR
        Run<Alert> run = compliance(List.of(p5early, newDay, oldDay, p5next, p5crosses, crossesNew));
        List<Alert> ctr = rule(run, Rules.CTR_REQUIRED);
        assertEquals(
                List.of("P-4 2026-11-22 10000.01", "P-5 2026-11-21 10000.01", "P-5 2026-11-22 20000.00"),
                ctr.stream()
                        .map(x -> x.entityId + " " + x.details.replaceAll(".*\"gaming_day\":\"([^\"]+)\".*", "$1") + " "
                                + io.floorwatch.event.Money.toDollars(x.amountCents)
                                        .toPlainString())
                        .sorted()
                        .toList());
        Alert p5 = ctr.stream()
                .filter(x -> x.entityId.equals("P-5") && x.eventTime == lastOfOld)
                .findFirst()
                .orElseThrow();
        assertCrossing(p5, p5crosses, "10000.01", 2);
        Alert p4 =
                ctr.stream().filter(x -> x.entityId.equals("P-4")).findFirst().orElseThrow();
        assertCrossing(p4, crossesNew, "10000.01", 2);
    }

    @Test
    @DisplayName("SPEC §4/§5: a cash transaction re-sent after dedup.ttl is not counted twice and makes no SAR")
    void resentAfterTheDedupWindow() throws Exception {
        FloorEvent tx = cashIn("P-6", "9000.00", s(0));
        FloorEvent again = resend(tx); // before the watermark passed the original: both would be held
        FloorEvent late = resend(tx); // after it was counted: behind the watermark, its day still kept
        List<FloorEvent> events = List.of(tx, again, clock(s(60)), late, clock(s(120)));
        Run<Alert> run = run(events, Alert.class, (in, lateEvents) -> {
            // The job-wide dedup with a tiny dedup.ttl, and time passing before each re-send: it lets them through.
            DataStream<FloorEvent> deduped = in.map(e -> {
                        if ("resent".equals(e.topic)) Thread.sleep(200);
                        return e;
                    })
                    .returns(TypeInformation.of(FloorEvent.class))
                    .keyBy(FloorEvent::entityKey)
                    .process(new DeduplicateEvents(Duration.ofMillis(20)), TypeInformation.of(FloorEvent.class));
            return ComplianceRules.build(deduped, CFG, lateEvents);
        });
        assertEquals(
                List.of(Rules.CTR_APPROACHING),
                run.out().stream().map(a -> a.rule).toList(),
                "one $9,000.00 transaction: one warning (SPEC §8.4), neither a CTR nor a SAR with itself");
        assertTrue(run.late().isEmpty(), run.late().toString());

        // The same, then real transactions: totals and the SAR see the re-sent one once.
        FloorEvent second = cashIn("P-6", "1000.01", s(30));
        Run<Alert> more = compliance(List.of(tx, again, second, clock(s(60)), late, clock(s(120))));
        List<Alert> ctr = rule(more, Rules.CTR_REQUIRED);
        assertEquals(1, ctr.size(), more.out().toString());
        assertCrossing(ctr.get(0), second, "10000.01", 2);
        assertEquals(List.of(), rule(more, Rules.SAR_STRUCTURING));
    }

    @Test
    @DisplayName("31 CFR 1021.320: SAR_STRUCTURING on the ledger's counted transactions still fires in event time")
    void sarStillFires() throws Exception {
        FloorEvent later = buyIn("BJ-7", "P-7", "CASH", "9000.00", s(3));
        FloorEvent earlier = cashOut("P-7", "8500.00", s(0));
        Run<Alert> run = compliance(List.of(later, resend(later), earlier, clock(s(60))));
        List<Alert> sar = rule(run, Rules.SAR_STRUCTURING);
        assertEquals(1, sar.size(), run.out().toString());
        assertEquals(later.eventTime, sar.get(0).eventTime);
        assertEquals(cents("17500.00"), sar.get(0).amountCents);
        assertEquals(
                Alert.idOf(Rules.SAR_STRUCTURING, "P-7", earlier.eventId + "," + later.eventId), sar.get(0).alertId);
        assertEquals(List.of(), rule(run, Rules.CTR_REQUIRED), "cash in and cash out are separate totals");
    }

    /** The same transaction delivered again by its producer (same event_id and content), marked for the test. */
    private static FloorEvent resend(FloorEvent original) {
        FloorEvent e = original.source == io.floorwatch.event.Source.TABLE
                ? buyIn(
                        original.tableId,
                        original.playerId,
                        original.paymentMethod,
                        io.floorwatch.event.Money.toDollars(original.amountCents)
                                .toPlainString(),
                        original.eventTime)
                : cage(
                        original.playerId,
                        original.direction,
                        original.paymentMethod,
                        io.floorwatch.event.Money.toDollars(original.amountCents)
                                .toPlainString(),
                        original.eventTime);
        e.eventId = original.eventId;
        e.topic = "resent";
        return e;
    }
}
