package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.compliance.W2gRequired;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * SPEC 8.1: the rules' own live keys (JACKPOT, HOPPER_FILL, W2G_REQUIRED, the HOT/COLD ratios, METER_VARIANCE) follow
 * live changes, never retroactively, and keep them across a restore.
 */
class LiveRulesTest extends RuleTestSupport {
    static final FloorWatchConfig CFG = cfg();
    static final String[] JACKPOT_KEYS = {
        Options.JACKPOT_THRESHOLD.key(), Options.JACKPOT_MEDIUM.key(), Options.JACKPOT_HIGH.key()
    };

    static JackpotRule jackpotRule(Map<String, String> initial) {
        return new JackpotRule(CFG, new LiveValues(Set.of(JACKPOT_KEYS), List.of(), false, initial, Map.of()));
    }

    static BroadcastOperatorTestHarness<FloorEvent, ControlUpdate, Alert> jackpotHarness(
            Map<String, String> initial, OperatorSubtaskState restore) throws Exception {
        var h = new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(jackpotRule(initial), List.of(ControlStreams.BROADCAST_STATE)),
                1,
                1,
                0);
        h.setup();
        h.initializeState(restore);
        h.open();
        return h;
    }

    @Test
    void jackpotThresholdsReadAtStartThenChangedLiveThenRestoredFromTheCheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = jackpotHarness(Map.of(Options.JACKPOT_THRESHOLD.key(), "1500"), null)) {
            h.processElement(jackpot("j1", "SM-1", T0, 130_000), T0); // below the start value 1500: nothing
            h.processElement(jackpot("j2", "SM-1", T0 + 1, 150_000), T0 + 1); // at it: LOW
            h.processBroadcastElement(ControlUpdate.setting(Options.JACKPOT_THRESHOLD.key(), "1000", 7), T0 + 2);
            h.processBroadcastElement(ControlUpdate.setting(Options.JACKPOT_MEDIUM.key(), "1100", 8), T0 + 2);
            h.processBroadcastElement(
                    ControlUpdate.setting(Options.HOPPER_FILL_THRESHOLD.key(), "90", 9), T0 + 2); // not followed here
            h.processElement(jackpot("j3", "SM-2", T0 + 3, 105_000), T0 + 3); // below 1500, over the new 1000: LOW
            h.processElement(jackpot("j4", "SM-2", T0 + 4, 120_000), T0 + 4); // MEDIUM from 1100
            List<Alert> out = h.extractOutputValues();
            assertEquals(
                    List.of("j2/LOW", "j3/LOW", "j4/MEDIUM"),
                    out.stream().map(a -> evidence(a) + "/" + a.severity).toList(),
                    "j1 is not re-judged: a change never acts retroactively");
            snapshot = h.snapshot(1, 1);
        }
        // a restore takes the checkpointed values, not the start values of the new run
        try (var h = jackpotHarness(Map.of(Options.JACKPOT_THRESHOLD.key(), "5000"), snapshot)) {
            h.processElement(jackpot("j5", "SM-3", T0 + 5, 105_000), T0 + 5);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(Severity.LOW, h.extractOutputValues().get(0).severity);
        }
        // a new run (nothing to restore) takes the start values
        try (var h = jackpotHarness(Map.of(Options.JACKPOT_THRESHOLD.key(), "5000"), null)) {
            h.processElement(jackpot("j6", "SM-3", T0 + 5, 105_000), T0 + 5);
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void hopperFillFollowsItsThresholdWithoutReopeningWhatFired() throws Exception {
        HopperFillRule rule = new HopperFillRule(
                CFG, new LiveValues(Set.of(Options.HOPPER_FILL_THRESHOLD.key()), List.of(), false, Map.of(), Map.of()));
        try (KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        rule, (FloorEvent e) -> e.entityId, Types.STRING, ControlStreams.BROADCAST_STATE)) {
            h.processElement(hopper("h1", "M1", T0, 15), T0); // below the configured 20: fires
            h.processBroadcastElement(ControlUpdate.setting(Options.HOPPER_FILL_THRESHOLD.key(), "10", 1), T0 + 1);
            h.processElement(hopper("h2", "M2", T0 + 2, 15), T0 + 2); // 15 is fine now
            h.processElement(hopper("h3", "M1", T0 + 3, 12), T0 + 3); // at or above 10: resolves M1
            h.processElement(hopper("h4", "M1", T0 + 4, 8), T0 + 4); // below 10: fires again
            assertEquals(
                    List.of("h1/firing", "h3/resolved", "h4/firing"),
                    h.extractOutputValues().stream()
                            .map(a -> evidence(a) + "/" + a.status)
                            .toList());
        }
    }

    @Test
    void w2gFollowsItsDatedTable() throws Exception {
        var fn = new W2gRequired.LiveW2g(
                CFG, new LiveValues(Set.of(Options.W2G_THRESHOLDS.key()), List.of(), false, Map.of(), Map.of()));
        try (var h = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fn, ControlStreams.BROADCAST_STATE)) {
            h.processElement(jackpot("w1", "SM-1", T0, 210_000), T0); // 2026: $2,000 in force
            h.processBroadcastElement(
                    ControlUpdate.setting(Options.W2G_THRESHOLDS.key(), "1970-01-01=1200,2026-01-01=2500", 1), T0);
            h.processElement(jackpot("w2", "SM-1", T0 + 1, 210_000), T0 + 1); // now $2,500: no W-2G
            h.processElement(jackpot("w3", "SM-1", T0 + 2, 250_000), T0 + 2);
            assertEquals(
                    List.of("w1", "w3"),
                    h.extractOutputValues().stream()
                            .map(LiveRulesTest::evidence)
                            .toList());
        }
    }

    static HotColdMachineRule.Share share(String machine, long coinInCents, double sectionAverageCents) {
        HotColdMachineRule.MachineWindow w = new HotColdMachineRule.MachineWindow();
        w.machineId = machine;
        w.floorSection = "A";
        w.windowStart = T0;
        w.windowEnd = T0 + min(60);
        w.coinInCents = coinInCents;
        w.spins = 10;
        HotColdMachineRule.Share s = new HotColdMachineRule.Share();
        s.machine = w;
        s.sectionAverageCents = sectionAverageCents;
        s.sectionMachines = 3;
        return s;
    }

    static LiveValues hotColdLive() {
        return new LiveValues(
                Set.of(Options.HOT_MACHINE_RATIO.key(), Options.COLD_MACHINE_RATIO.key()),
                List.of(),
                false,
                Map.of(),
                Map.of());
    }

    @Test
    void hotAndColdRatiosApplyToTheWindowsJudgedAfterTheChange() throws Exception {
        OperatorSubtaskState snapshot;
        var judge = new HotColdMachineRule.Judge(CFG, hotColdLive());
        try (var h = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(judge, ControlStreams.BROADCAST_STATE)) {
            // section A: 100, 100, 250 (average 150): C is 1.67x, A and B 0.67x: neither hot (2.0) nor cold (0.2)
            for (String m : List.of("A", "B")) h.processElement(share(m, 100_00, 150_00), T0);
            h.processElement(share("C", 250_00, 150_00), T0);
            h.processBroadcastElement(ControlUpdate.setting(Options.HOT_MACHINE_RATIO.key(), "1.5", 1), T0);
            h.processBroadcastElement(ControlUpdate.setting(Options.COLD_MACHINE_RATIO.key(), "0.7", 2), T0);
            assertEquals(List.of(), h.extractOutputValues(), "the window judged before the change stays judged");
            for (String m : List.of("A", "B")) h.processElement(share(m, 100_00, 150_00), T0);
            h.processElement(share("C", 250_00, 150_00), T0);
            assertEquals(
                    List.of("COLD_MACHINE:A", "COLD_MACHINE:B", "HOT_MACHINE:C"),
                    h.extractOutputValues().stream()
                            .map(a -> a.rule + ":" + a.entityId)
                            .toList());
            snapshot = h.snapshot(1, T0);
        }
        var restored = new HotColdMachineRule.Judge(CFG, hotColdLive());
        try (var h = new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(restored, List.of(ControlStreams.BROADCAST_STATE)), 1, 1, 0)) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processElement(share("C", 250_00, 150_00), T0);
            assertEquals(1, h.extractOutputValues().size(), "1.5 restored from the checkpoint");
        }
    }

    static MeterVariance.Comparison comparison(String id, long meterDeltaCents, long eventSumCents) {
        MeterVariance.Comparison c = new MeterVariance.Comparison();
        c.machineId = "M1";
        c.previousEventId = "p-" + id;
        c.previousTime = T0;
        c.eventId = id;
        c.time = T0 + min(5);
        c.meterDeltaCents = meterDeltaCents;
        c.eventSumCents = eventSumCents;
        return c;
    }

    @Test
    void meterVarianceThresholdsApplyToTheSnapshotsComparedAfterTheChange() throws Exception {
        var fn = new MeterVariance(
                CFG,
                new LiveValues(
                        Set.of(Options.Sas.METER_VARIANCE_MIN_AMOUNT.key(), Options.Sas.METER_VARIANCE_RATIO.key()),
                        List.of(),
                        false,
                        Map.of(),
                        Map.of()));
        try (var h = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fn, ControlStreams.BROADCAST_STATE)) {
            h.processElement(comparison("s2", 1_000_00, 950_00), T0); // $50 off: within the configured $100
            h.processBroadcastElement(ControlUpdate.setting(Options.Sas.METER_VARIANCE_MIN_AMOUNT.key(), "10", 1), T0);
            h.processBroadcastElement(ControlUpdate.setting(Options.Sas.METER_VARIANCE_RATIO.key(), "0.01", 2), T0);
            h.processElement(comparison("s3", 1_000_00, 950_00), T0); // $50 off: over max($10, 1% of $1,000)
            h.processElement(comparison("s4", 1_000_00, 995_00), T0); // $5 off: within
            assertEquals(
                    List.of(Alert.idOf(Rules.METER_VARIANCE, "M1", "p-s3|s3")),
                    h.extractOutputValues().stream().map(a -> a.alertId).toList());
        }
    }

    /** The triggering event id, from the details. */
    static String evidence(Alert a) {
        String d = a.details;
        int i = d.indexOf("\"event_id\":\"") + 12;
        return d.substring(i, d.indexOf('"', i));
    }
}
