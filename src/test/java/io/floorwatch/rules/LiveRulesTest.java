package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.compliance.W2gRequired;
import io.floorwatch.config.FloorWatchConfig;
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

/** SPEC 8.1: JACKPOT, HOPPER_FILL and W2G_REQUIRED follow live changes, never retroactively, and keep them across a restore. */
class LiveRulesTest extends RuleTestSupport {
    static final FloorWatchConfig CFG = cfg();
    static final String[] JACKPOT_KEYS = {
        "rules.jackpot.threshold", "rules.jackpot.medium-threshold", "rules.jackpot.high-threshold"
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
        try (var h = jackpotHarness(Map.of("rules.jackpot.threshold", "1500"), null)) {
            h.processElement(jackpot("j1", "SM-1", T0, 130_000), T0); // below the start value 1500: nothing
            h.processElement(jackpot("j2", "SM-1", T0 + 1, 150_000), T0 + 1); // at it: LOW
            h.processBroadcastElement(ControlUpdate.setting("rules.jackpot.threshold", "1000", 7), T0 + 2);
            h.processBroadcastElement(ControlUpdate.setting("rules.jackpot.medium-threshold", "1100", 8), T0 + 2);
            h.processBroadcastElement(
                    ControlUpdate.setting("rules.hopper-fill.threshold", "90", 9), T0 + 2); // not followed here
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
        try (var h = jackpotHarness(Map.of("rules.jackpot.threshold", "5000"), snapshot)) {
            h.processElement(jackpot("j5", "SM-3", T0 + 5, 105_000), T0 + 5);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(Severity.LOW, h.extractOutputValues().get(0).severity);
        }
        // a new run (nothing to restore) takes the start values
        try (var h = jackpotHarness(Map.of("rules.jackpot.threshold", "5000"), null)) {
            h.processElement(jackpot("j6", "SM-3", T0 + 5, 105_000), T0 + 5);
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void hopperFillFollowsItsThresholdWithoutReopeningWhatFired() throws Exception {
        HopperFillRule rule = new HopperFillRule(
                CFG, new LiveValues(Set.of("rules.hopper-fill.threshold"), List.of(), false, Map.of(), Map.of()));
        try (KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        rule, (FloorEvent e) -> e.entityId, Types.STRING, ControlStreams.BROADCAST_STATE)) {
            h.processElement(hopper("h1", "M1", T0, 15), T0); // below the configured 20: fires
            h.processBroadcastElement(ControlUpdate.setting("rules.hopper-fill.threshold", "10", 1), T0 + 1);
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
                CFG, new LiveValues(Set.of("rules.w2g.thresholds"), List.of(), false, Map.of(), Map.of()));
        try (var h = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(fn, ControlStreams.BROADCAST_STATE)) {
            h.processElement(jackpot("w1", "SM-1", T0, 210_000), T0); // 2026: $2,000 in force
            h.processBroadcastElement(
                    ControlUpdate.setting("rules.w2g.thresholds", "1970-01-01=1200,2026-01-01=2500", 1), T0);
            h.processElement(jackpot("w2", "SM-1", T0 + 1, 210_000), T0 + 1); // now $2,500: no W-2G
            h.processElement(jackpot("w3", "SM-1", T0 + 2, 250_000), T0 + 2);
            assertEquals(
                    List.of("w1", "w3"),
                    h.extractOutputValues().stream()
                            .map(LiveRulesTest::evidence)
                            .toList());
        }
    }

    /** The triggering event id, from the details. */
    static String evidence(Alert a) {
        String d = a.details;
        int i = d.indexOf("\"event_id\":\"") + 12;
        return d.substring(i, d.indexOf('"', i));
    }
}
