package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.control.LiveValues;
import io.floorwatch.floor.FloorMinute;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** 3 sigma from the trailing 60-minute mean of the floor's coin in per minute, after a 30-minute warm-up. */
class FloorAnomalyRuleTest extends RuleTestSupport {

    static KeyedBroadcastOperatorTestHarness<String, FloorMinute, ControlUpdate, Alert> harness() throws Exception {
        return harness(null);
    }

    /** The rule with the defaults (3 sigma, 60 minutes, 30 minutes of warm-up), restored from {@code restore}. */
    static KeyedBroadcastOperatorTestHarness<String, FloorMinute, ControlUpdate, Alert> harness(
            OperatorSubtaskState restore) throws Exception {
        var rule = new FloorAnomalyRule(
                cfg(), new LiveValues(Set.of(Options.FLOOR_ANOMALY_SIGMA.key()), List.of(), false, Map.of(), Map.of()));
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(rule, List.of(ControlStreams.BROADCAST_STATE)),
                (FloorMinute m) -> FloorAnomalyRule.FLOOR_ID,
                Types.STRING,
                1,
                1,
                0);
        h.setup();
        h.initializeState(restore);
        h.open();
        return h;
    }

    static FloorMinute row(int minute, String section, long coinInCents, long version) {
        FloorMinute m = new FloorMinute();
        m.windowStart = T0 + min(minute);
        m.floorSection = section;
        m.coinInCents = coinInCents;
        m.spins = 1;
        m.version = version;
        return m;
    }

    /** As the floor_minute window emits: the minute's rows, then the watermark at its last millisecond. */
    static void minute(
            KeyedBroadcastOperatorTestHarness<String, FloorMinute, ControlUpdate, Alert> h,
            int minute,
            long... coinPerSection)
            throws Exception {
        long ts = T0 + min(minute + 1) - 1;
        for (int i = 0; i < coinPerSection.length; i++)
            h.processElement(row(minute, "S" + i, coinPerSection[i], 1), ts);
        h.watermark(ts);
    }

    /** 30 minutes alternating 1000 / 1200 across two sections: mean 1100, standard deviation 100. */
    static void warmUp(KeyedBroadcastOperatorTestHarness<String, FloorMinute, ControlUpdate, Alert> h)
            throws Exception {
        for (int m = 0; m < 30; m++) minute(h, m, 400, m % 2 == 0 ? 600 : 800);
    }

    @Test
    void moreThanThreeSigmaFires() throws Exception {
        try (var h = harness()) {
            warmUp(h);
            minute(h, 30, 700, 701); // 1401: 3.01 sigma above
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            Alert a = out.get(0);
            assertEquals(Rules.FLOOR_ANOMALY, a.rule);
            assertEquals(Severity.MEDIUM, a.severity);
            assertEquals(Rules.FLOOR, a.entityType);
            assertEquals("floor", a.entityId);
            assertEquals(1401L, a.amountCents);
            assertEquals(T0 + min(31), a.eventTime);
            assertEquals(
                    Alert.idOf(
                            Rules.FLOOR_ANOMALY,
                            "floor",
                            Instant.ofEpochMilli(T0 + min(30)).toString()),
                    a.alertId);
        }
    }

    @Test
    void exactlyThreeSigmaDoesNot() throws Exception {
        try (var h = harness()) {
            warmUp(h);
            minute(h, 30, 700, 700);
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void nothingBeforeTheWarmUp() throws Exception {
        try (var h = harness()) {
            for (int m = 0; m < 29; m++) minute(h, m, 400, m % 2 == 0 ? 600 : 800);
            minute(h, 29, 1_000_000);
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void aMinuteWithoutPlayCountsAsZeroWithoutWaitingForTheNextRow() throws Exception {
        try (var h = harness()) {
            warmUp(h);
            h.watermark(T0 + min(31) - 1); // minute 30 passes with no rows at all
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals(0L, out.get(0).amountCents);
            assertEquals(1, h.numEventTimeTimers()); // the chain watches the next minute
        }
    }

    @Test
    void theSigmaChangesLiveForTheMinutesJudgedAfterItAndSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            warmUp(h);
            minute(h, 30, 600, 750); // 1350: 2.5 sigma, under the configured 3
            h.processBroadcastElement(ControlUpdate.setting(Options.FLOOR_ANOMALY_SIGMA.key(), "2", 1), T0);
            assertEquals(0, h.extractOutputValues().size(), "minute 30 is not judged again");
            minute(h, 31, 600, 800); // 1400: 2.7 sigma over the history with 1350, over the new 2
            assertEquals(
                    List.of(Instant.ofEpochMilli(T0 + min(31)).toString()),
                    h.extractOutputValues().stream().map(a -> window(a)).toList());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot)) {
            minute(h, 32, 600, 800); // 1400 again: 2.4 sigma, still over the restored 2
            assertEquals(1, h.extractOutputValues().size());
        }
    }

    private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static String window(Alert a) {
        return a.details.replaceAll(".*\"window_start\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void flatHistoryNeverAlerts() throws Exception {
        try (var h = harness()) {
            for (int m = 0; m < 40; m++) minute(h, m, 1000);
            minute(h, 40, 50_000);
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void aRefiredRowReplacesItsFirstVersion() throws Exception {
        try (var h = harness()) {
            warmUp(h);
            long ts = T0 + min(31) - 1;
            h.processElement(row(30, "S0", 5_000, 1), ts);
            h.processElement(row(30, "S0", 600, 2), ts); // the corrected minute: 600 + 500 = 1100, the mean
            h.processElement(row(30, "S1", 500, 1), ts);
            h.watermark(ts);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(1, keyedStateEntries(h)); // only the history remains
        }
    }

    @Test
    void endOfBoundedInputInventsNoEmptyMinutes() throws Exception {
        try (var h = harness()) {
            warmUp(h);
            h.watermark(Long.MAX_VALUE);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
