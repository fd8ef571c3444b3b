package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.LiveKeys;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.control.LiveTags;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * SPEC 8.1 at the job's entry: the floor clock's second half judges each event once with the values in force as it
 * arrives ({@code rules.jackpot.threshold}, {@code rules.sas-codes.*}); a change applies to the events after it, never
 * to those before, and a restore takes the checkpoint's values, not the new run's start values.
 */
class FloorClockLiveTagsTest {
    static final FloorWatchConfig CFG = FloorWatchConfig.of(Map.of("kafka.bootstrap-servers", "localhost:9092"));
    static final long T0 = 1_795_375_800_000L;

    static TwoInputStreamOperatorTestHarness<FloorEvent, ControlUpdate, FloorEvent> harness(
            Map<String, String> startValues, OperatorSubtaskState restore) throws Exception {
        LiveValues live = new LiveValues(
                Set.of(Options.JACKPOT_THRESHOLD.key()),
                List.of(LiveKeys.SAS_CODES_PREFIX),
                false,
                startValues,
                Map.of());
        var h = new TwoInputStreamOperatorTestHarness<>(new FloorClock.Before(new LiveTags(CFG, live)));
        h.setup();
        h.initializeState(restore);
        h.open();
        return h;
    }

    static FloorEvent slot(String id, String type, Long payoutCents, String errorCode) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SLOT;
        e.eventId = id;
        e.eventType = type;
        e.eventTime = T0;
        e.entityId = "SM-1";
        e.machineId = "SM-1";
        e.payoutCents = payoutCents;
        e.errorCode = errorCode;
        return e;
    }

    static void in(TwoInputStreamOperatorTestHarness<FloorEvent, ControlUpdate, FloorEvent> h, FloorEvent e)
            throws Exception {
        h.processElement1(new StreamRecord<>(e, e.eventTime));
    }

    static void change(
            TwoInputStreamOperatorTestHarness<FloorEvent, ControlUpdate, FloorEvent> h, String key, String value)
            throws Exception {
        h.processElement2(new StreamRecord<>(ControlUpdate.setting(key, value, 1)));
    }

    /** id: jackpot judgement / error category, as the events left the operator. */
    static List<String> judged(TwoInputStreamOperatorTestHarness<FloorEvent, ControlUpdate, FloorEvent> h) {
        List<String> out = new ArrayList<>();
        for (FloorEvent e : h.extractOutputValues()) out.add(e.eventId + ":" + e.jackpotPayout + "/" + e.errorCategory);
        return out;
    }

    @Test
    void eachEventIsJudgedWithTheValuesInForceWhenItArrives() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(Map.of(), null)) {
            in(h, slot("a", "GAME_PLAYED", 130_000L, null)); // $1,300: a jackpot under the configured $1,200
            in(h, slot("b", "ERROR", null, "0x61")); // 61 is a FAULT by default
            change(h, Options.JACKPOT_THRESHOLD.key(), "1500");
            change(h, LiveKeys.SAS_CODES_PREFIX + "61", "INTEGRITY");
            in(h, slot("c", "GAME_PLAYED", 130_000L, null));
            in(h, slot("d", "ERROR", null, "61"));
            FloorEvent cage = slot("e", "CHIP_PURCHASE", null, null);
            cage.source = Source.CAGE;
            in(h, cage);
            assertEquals(
                    List.of("a:true/null", "b:false/FAULT", "c:false/null", "d:false/INTEGRITY", "e:null/null"),
                    judged(h),
                    "a and b keep what they were judged before the change");
            snapshot = h.snapshot(1, T0);
        }
        try (var h = harness(Map.of(Options.JACKPOT_THRESHOLD.key(), "1000"), snapshot)) {
            in(h, slot("f", "GAME_PLAYED", 130_000L, null));
            in(h, slot("g", "ERROR", null, "61"));
            assertEquals(List.of("f:false/null", "g:false/INTEGRITY"), judged(h), "the checkpoint's values");
        }
        try (var h = harness(Map.of(Options.JACKPOT_THRESHOLD.key(), "1000"), null)) {
            in(h, slot("h", "GAME_PLAYED", 130_000L, null));
            in(h, slot("i", "ERROR", null, "61"));
            assertEquals(List.of("h:true/null", "i:false/FAULT"), judged(h), "a new run: the start values");
        }
    }
}
