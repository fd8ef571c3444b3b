package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.GamingDay;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.4 on the player cash ledger (operator harness): CTR_APPROACHING and the mtl_entries rows come out of the
 * same counting step as CTR_REQUIRED, in event-time order; the W-2G forms out of W2G_REQUIRED.
 */
class Title31LedgerTest extends ComplianceTestSupport {
    private static final GamingDay LA_DAY = new GamingDay(ZoneId.of("America/Los_Angeles"), LocalTime.of(6, 0));
    private KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> h;
    private long watermark = Long.MIN_VALUE;

    @BeforeEach
    void open() throws Exception {
        h = harness();
    }

    private static KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> harness()
            throws Exception {
        return ledger(null);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void push(FloorEvent... events) throws Exception {
        long max = Long.MIN_VALUE;
        for (FloorEvent e : events) {
            h.processElement(new StreamRecord<>(e, e.eventTime));
            max = Math.max(max, e.eventTime);
        }
        advance(max);
    }

    private void advance(long to) throws Exception {
        if (to <= watermark) return;
        watermark = to;
        h.watermark(to);
    }

    private List<Alert> rule(String rule) {
        return h.extractOutputValues().stream().filter(a -> a.rule.equals(rule)).toList();
    }

    private List<MtlEntry> mtl() {
        var side = h.getSideOutput(CtrRequired.MTL);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).toList();
    }

    private static long min(int minutes) {
        return plus(DAY_START, Duration.ofMinutes(minutes));
    }

    // ------------------------------------------------------------------------------- CTR_APPROACHING

    @Test
    @DisplayName(
            "SPEC 8.1: a lowered warn-at and MTL threshold apply from the next transaction counted, never to those counted")
    void warnAtAndMtlThresholdChangeLive() throws Exception {
        push(cashIn("P-1", "4500.00", min(1)), cashIn("P-2", "100.00", min(2)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "$4,500 is below the configured $8,000");
        assertEquals(1, mtl().size(), "P-1's $4,500 only");
        h.processBroadcastElement(ControlUpdate.setting(Options.CTR_WARN_AT.key(), "4000", 1), min(3));
        h.processBroadcastElement(ControlUpdate.setting(Options.MTL_THRESHOLD.key(), "50", 2), min(3));
        advance(min(3));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "not retroactive");
        assertEquals(1, mtl().size(), "not retroactive");
        FloorEvent next = cashIn("P-1", "100.00", min(4));
        push(next);
        assertEquals(
                List.of(cents("4600.00")),
                rule(Rules.CTR_APPROACHING).stream().map(a -> a.amountCents).toList());
        assertEquals(
                List.of(next.eventId),
                mtl().stream().skip(1).map(m -> m.eventId).toList());
    }

    @Test
    @DisplayName("31 CFR 1021.313: CTR_APPROACHING at exactly the warn-at amount ($8,000.00), not a cent before")
    void cfr1021_313_warningAtExactlyWarnAt() throws Exception {
        push(cashIn("P-1", "5000.00", min(1)), cashIn("P-1", "2999.99", min(2)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "$7,999.99 is below the warning");
        FloorEvent reaching = buyIn("BJ-1", "P-1", "CASH", "0.01", min(3));
        reaching.ingestTime = 4242;
        push(reaching);
        List<Alert> warn = rule(Rules.CTR_APPROACHING);
        assertEquals(1, warn.size());
        Alert a = warn.get(0);
        assertEquals(Severity.MEDIUM, a.severity);
        assertEquals(Rules.PLAYER, a.entityType);
        assertEquals("P-1", a.entityId);
        assertEquals(reaching.eventTime, a.eventTime, "event_time: the transaction's time");
        assertEquals(cents("8000.00"), a.amountCents, "amount: the total after it");
        assertEquals(
                Alert.idOf(Rules.CTR_APPROACHING, "P-1", "2026-11-22/CASH_IN"),
                a.alertId,
                "evidence: gaming day + direction");
        assertEquals(4242, a.triggerIngestTime);
        assertTrue(a.isCompliance(), "compliance route only");
        assertTrue(a.details.contains("\"crossing_event_id\":\"" + reaching.eventId + "\""), a.details);
        assertTrue(a.summary.startsWith("CTR approaching: P-1 cash in $8,000.00 on gaming day 2026-11-22"), a.summary);
        push(cashIn("P-1", "1000.00", min(4)), cashIn("P-1", "1000.00", min(5)));
        assertEquals(
                1,
                rule(Rules.CTR_APPROACHING).size(),
                "once per player, gaming day and direction ($10,000.00 again in range)");
        assertEquals(List.of(), rule(Rules.CTR_REQUIRED), "$10,000.00 is not over");
    }

    @Test
    @DisplayName("31 CFR 1021.311: a first transaction of $9,000 warns; exactly $10,000.00 warns (it is not over)")
    void cfr1021_311_firstTransactionAndExactlyTenThousandWarn() throws Exception {
        push(cashIn("P-1", "9000.00", min(1)));
        push(cashOut("P-2", "10000.00", min(2)));
        assertEquals(
                List.of("P-1 900000", "P-2 1000000"),
                rule(Rules.CTR_APPROACHING).stream()
                        .map(a -> a.entityId + " " + a.amountCents)
                        .toList());
        assertEquals(List.of(), rule(Rules.CTR_REQUIRED));
    }

    @Test
    @DisplayName("31 CFR 1021.311: a jump from below the warning straight over the threshold raises only CTR_REQUIRED")
    void cfr1021_311_ctrOverTenThousandJumpRaisesOnlyTheCtr() throws Exception {
        push(cashIn("P-1", "7999.99", min(1)), cashIn("P-1", "2000.02", min(2)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING));
        assertEquals(1, rule(Rules.CTR_REQUIRED).size());
        assertEquals(cents("10000.01"), rule(Rules.CTR_REQUIRED).get(0).amountCents);
        push(cashIn("P-1", "10.00", min(3)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "never after the CTR");
        push(cashIn("P-9", "10000.01", min(4)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "a first transaction over the threshold: CTR only");
    }

    @Test
    @DisplayName("31 CFR 1021.313: cash in and cash out warn separately")
    void cfr1021_313_cashInAndOutWarnSeparately() throws Exception {
        push(cashIn("P-1", "5000.00", min(1)), cashOut("P-1", "5000.00", min(2)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "$5,000 each way is $5,000 per direction");
        push(cashOut("P-1", "3500.00", min(3)), cashIn("P-1", "4000.00", min(4)));
        assertEquals(
                List.of("2026-11-22/CASH_OUT 850000", "2026-11-22/CASH_IN 900000"),
                rule(Rules.CTR_APPROACHING).stream()
                        .map(a -> a.details.replaceAll(
                                        ".*\"gaming_day\":\"([^\"]+)\",\"direction\":\"([A-Z_]+)\".*", "$1/$2")
                                + " " + a.amountCents)
                        .toList());
        assertEquals(
                List.of(
                        Alert.idOf(Rules.CTR_APPROACHING, "P-1", "2026-11-22/CASH_OUT"),
                        Alert.idOf(Rules.CTR_APPROACHING, "P-1", "2026-11-22/CASH_IN")),
                rule(Rules.CTR_APPROACHING).stream().map(a -> a.alertId).toList());
    }

    @Test
    @DisplayName("31 CFR 1021.313: the gaming-day boundary (06:00 local) starts a new warning and new MTL totals")
    void cfr1021_313_gamingDayBoundary() throws Exception {
        long lastOfOld = DAY_START.toEpochMilli() - 1; // 05:59:59.999 PST: gaming day 2026-11-21
        long firstOfNew = DAY_START.toEpochMilli(); // 06:00:00.000 PST: gaming day 2026-11-22
        push(cashIn("P-1", "5000.00", lastOfOld), cashIn("P-1", "5000.00", firstOfNew));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING), "$5,000 on each of two gaming days");
        assertEquals(
                List.of("2026-11-21 500000", "2026-11-22 500000"),
                mtl().stream().map(m -> m.gamingDay + " " + m.dayTotalCents).toList());
        push(cashIn("P-1", "3000.00", firstOfNew + 1));
        assertEquals(1, rule(Rules.CTR_APPROACHING).size());
        assertTrue(rule(Rules.CTR_APPROACHING).get(0).summary.contains("gaming day 2026-11-22"));
    }

    @Test
    @DisplayName("SPEC §5: the warning names the transaction that reaches it in event-time order, not in arrival order")
    void warningInEventTimeOrder() throws Exception {
        FloorEvent table = buyIn("BJ-1", "P-1", "CASH", "5000.00", min(10) + 3_000); // arrives first
        FloorEvent cage = cashIn("P-1", "4000.00", min(10)); // arrives second, happened first
        h.processElement(new StreamRecord<>(table, table.eventTime));
        h.processElement(new StreamRecord<>(cage, cage.eventTime));
        advance(min(11));
        List<Alert> warn = rule(Rules.CTR_APPROACHING);
        assertEquals(1, warn.size());
        assertEquals(table.eventTime, warn.get(0).eventTime);
        assertEquals(cents("9000.00"), warn.get(0).amountCents);
        assertEquals(
                List.of(cage.eventId + " 400000", table.eventId + " 900000"),
                mtl().stream().map(m -> m.eventId + " " + m.dayTotalCents).toList(),
                "day_total in event-time order");
    }

    @Test
    @DisplayName("SPEC §8.4: a snapshot keeps the warned flag (no second CTR_APPROACHING after a restore)")
    void warnedSurvivesRestore() throws Exception {
        push(cashIn("P-1", "8500.00", min(10)));
        var snapshot = h.snapshot(1, min(11));
        h.close();
        h = ledger(snapshot);
        h.watermark(watermark);
        push(cashIn("P-1", "100.00", min(20)));
        assertEquals(List.of(), rule(Rules.CTR_APPROACHING));
    }

    // ------------------------------------------------------------------------------- mtl_entries

    @Test
    @DisplayName(
            "31 CFR 1021.410: MTL at exactly $3,000.00 and not at $2,999.99; day_total counts every cash transaction")
    void cfr1021_410_mtlAtExactlyTheThresholdNotACentBelow() throws Exception {
        FloorEvent small = cashIn("P-1", "2999.99", min(1));
        FloorEvent exact = cage("P-1", "CASH_IN", "CASH", "3000.00", min(2));
        exact.employeeId = "EMP-7";
        push(small, exact);
        List<MtlEntry> rows = mtl();
        assertEquals(1, rows.size(), rows.toString());
        MtlEntry m = rows.get(0);
        assertEquals(exact.eventId, m.eventId);
        assertEquals("2026-11-22", m.gamingDay);
        assertEquals("P-1", m.playerId);
        assertEquals("CASH_IN", m.direction);
        assertEquals(cents("3000.00"), m.amountCents);
        assertEquals(exact.eventTime, m.eventTime);
        assertEquals("cage", m.source);
        assertEquals("CAGE-1", m.location);
        assertEquals("EMP-7", m.employeeId);
        assertEquals(cents("5999.99"), m.dayTotalCents, "the $2,999.99 is not logged but counts in the day's total");
    }

    @Test
    @DisplayName(
            "31 CFR 1021.410: a table BUY_IN is logged with its table and dealer; cash in and out keep separate totals")
    void cfr1021_410_tableBuyInAndDirections() throws Exception {
        FloorEvent buy = buyIn("BJ-9", "P-1", "CASH", "4000.00", min(1));
        buy.dealerId = "DLR-3";
        FloorEvent out = cashOut("P-1", "3500.00", min(2));
        out.employeeId = null;
        push(buy, out, cashIn("P-1", "3000.00", min(3)));
        assertEquals(
                List.of(
                        "table BJ-9 DLR-3 CASH_IN 400000",
                        "cage CAGE-1 null CASH_OUT 350000",
                        "cage CAGE-1 null CASH_IN 700000"),
                mtl().stream()
                        .map(m -> m.source + " " + m.location + " " + m.employeeId + " " + m.direction + " "
                                + m.dayTotalCents)
                        .toList());
    }

    @Test
    @DisplayName("31 CFR 1021.311(c): chips, markers and tickets are neither counted nor logged")
    void cfr1021_311c_chipsAndMarkersNotCounted() throws Exception {
        push(
                buyIn("BJ-1", "P-1", "CHIPS", "9000.00", min(1)),
                cage("P-1", "CASH_IN", "MARKER", "9000.00", min(2)),
                cage("P-1", "CASH_OUT", "TICKET", "9000.00", min(3)),
                buyIn("BJ-1", "P-1", "MARKER", "9000.00", min(4)));
        assertEquals(List.of(), mtl());
        assertEquals(List.of(), h.extractOutputValues());
    }

    @Test
    @DisplayName(
            "31 CFR 1021.410: a cash BUY_IN without a player is logged with player_id and day_total null; chips are not")
    void cfr1021_410_unattributedBuyIn() throws Exception {
        MtlEntries.UnattributedBuyIns fn = new MtlEntries.UnattributedBuyIns(
                config(), new LiveValues(Set.of(Options.MTL_THRESHOLD.key()), List.of(), false, Map.of(), Map.of()));
        List<MtlEntry> out;
        FloorEvent anonymous = buyIn("BJ-2", null, "CASH", "3000.00", DAY_START.toEpochMilli() - 1);
        anonymous.dealerId = "DLR-9";
        try (var w = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fn, ControlStreams.BROADCAST_STATE)) {
            for (FloorEvent e : List.of(
                    anonymous,
                    buyIn("BJ-2", null, "CASH", "2999.99", min(1)),
                    buyIn("BJ-2", null, "CHIPS", "5000.00", min(2)),
                    buyIn("BJ-2", "P-1", "CASH", "5000.00", min(3)),
                    cashIn("P-1", "5000.00", min(4)))) {
                w.processElement(e, e.eventTime);
            }
            out = w.extractOutputValues();
        }
        assertEquals(1, out.size(), out.toString());
        MtlEntry m = out.get(0);
        assertNull(m.playerId);
        assertNull(m.dayTotalCents);
        assertEquals("2026-11-21", m.gamingDay);
        assertEquals("CASH_IN", m.direction);
        assertEquals("table", m.source);
        assertEquals("BJ-2", m.location);
        assertEquals("DLR-9", m.employeeId);
    }

    @Test
    @DisplayName("SPEC 8.1: the MTL threshold of cash buy-ins without a player changes live, from the next buy-in")
    void unattributedBuyInsFollowTheMtlThreshold() throws Exception {
        MtlEntries.UnattributedBuyIns fn = new MtlEntries.UnattributedBuyIns(
                config(), new LiveValues(Set.of(Options.MTL_THRESHOLD.key()), List.of(), false, Map.of(), Map.of()));
        try (var w = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fn, ControlStreams.BROADCAST_STATE)) {
            FloorEvent before = buyIn("BJ-3", null, "CASH", "1000.00", min(1));
            w.processElement(before, before.eventTime);
            w.processBroadcastElement(ControlUpdate.setting(Options.MTL_THRESHOLD.key(), "1000", 1), min(2));
            FloorEvent after = buyIn("BJ-3", null, "CASH", "1000.00", min(3));
            w.processElement(after, after.eventTime);
            assertEquals(
                    List.of(after.eventId),
                    w.extractOutputValues().stream().map(m -> m.eventId).toList());
        }
    }

    // ------------------------------------------------------------------------------- w2g_forms

    private static List<W2gForm> forms(FloorEvent... events) throws Exception {
        FloorWatchConfig cfg = config();
        W2gRequired.W2gFunction fn =
                new W2gRequired.W2gFunction(cfg.get(Options.W2G_THRESHOLDS), cfg.get(Options.CASINO_TIMEZONE));
        try (OneInputStreamOperatorTestHarness<FloorEvent, Alert> w =
                ProcessFunctionTestHarnesses.forProcessFunction(fn)) {
            for (FloorEvent e : events) w.processElement(new StreamRecord<>(e, e.eventTime));
            List<Alert> alerts = w.extractOutputValues();
            var side = w.getSideOutput(W2gRequired.FORMS);
            List<W2gForm> out = side == null
                    ? List.of()
                    : side.stream().map(StreamRecord::getValue).toList();
            assertEquals(
                    alerts.stream().map(a -> a.alertId).toList(),
                    out.stream().map(f -> f.alertId).toList(),
                    "one form per firing");
            return out;
        }
    }

    @Test
    @DisplayName(
            "26 CFR 7.6041-1: W-2G forms for carded and uncarded jackpots on both sides of 2026-01-01 (local date)")
    void cfr26_7_6041_1_formsBothSidesOf2026() throws Exception {
        FloorEvent carded2025 =
                jackpot("SM-1", "1200.00", at("2026-01-01T07:59:59.999Z")); // 23:59:59.999 PST Dec 31 2025
        carded2025.playerId = "P-1";
        carded2025.wagerCents = cents("5.00");
        FloorEvent uncarded2025 = jackpot("SM-2", "1500.00", at("2025-12-31T20:00:00Z"));
        FloorEvent carded2026 = jackpot("SM-3", "2000.00", at("2026-01-01T08:00:00Z")); // 00:00 PST Jan 1 2026
        carded2026.playerId = "P-2";
        FloorEvent uncarded2026 = jackpot("SM-4", "2500.00", at("2026-01-01T09:00:00Z"));
        FloorEvent below2026 = jackpot("SM-5", "1999.99", at("2026-01-01T09:00:00Z"));
        List<W2gForm> out = forms(carded2025, uncarded2025, carded2026, uncarded2026, below2026);
        assertEquals(
                List.of(
                        "SM-1 P-1 0 120000 500 2025-12-31 120000 B",
                        "SM-2 null 1 150000 null 2025-12-31 120000 B",
                        "SM-3 P-2 0 200000 null 2026-01-01 200000 B",
                        "SM-4 null 1 250000 null 2026-01-01 200000 B"),
                out.stream()
                        .map(f -> f.machineId + " " + f.playerId + " " + (f.idRequired ? 1 : 0) + " "
                                + f.grossWinningsCents + " " + f.wagerCents + " " + f.dateWon + " " + f.thresholdCents
                                + " " + f.floorSection)
                        .toList());
        assertEquals(carded2025.eventTime, out.get(0).eventTime);
        assertEquals(Alert.idOf(Rules.W2G_REQUIRED, "SM-1", carded2025.eventId), out.get(0).alertId);
    }

    // ------------------------------------------------------------------------------- configuration

    @Test
    @DisplayName("SPEC §8.4: warn-at at or above the CTR threshold is rejected at start, naming the key")
    void warnAtMustBeBelowTheThreshold() {
        for (String[] kv : List.of(
                new String[] {"rules.ctr.warn-at", "10000"},
                new String[] {"rules.ctr.warn-at", "12000"},
                new String[] {"rules.ctr.threshold", "8000"})) {
            ConfigException e = assertThrows(ConfigException.class, () -> config(kv[0], kv[1]));
            assertTrue(e.getMessage().startsWith("rules.ctr.warn-at:"), e.getMessage());
        }
        FloorWatchConfig ok = config("rules.ctr.warn-at", "9999.99", "rules.mtl.threshold", "2500");
        assertEquals(cents("9999.99"), ok.get(Options.CTR_WARN_AT));
        assertEquals(cents("2500"), ok.get(Options.MTL_THRESHOLD));
        assertEquals(cents("8000"), config().get(Options.CTR_WARN_AT));
        assertEquals(cents("3000"), config().get(Options.MTL_THRESHOLD));
    }
}
