package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.DeduplicateEvents;
import io.floorwatch.event.EntityKey;
import io.floorwatch.event.EntityOperator;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.floor.FloorMinute;
import io.floorwatch.floor.MachineMinute;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Every rule of this package built on one stream, as the topology does: the uids don't collide, no
 * type needs Kryo, and each rule sees only its own events.
 */
class AllRulesWiringTest extends RuleTestSupport {

    @Test
    void allRulesTogether() throws Exception {
        FloorWatchConfig cfg = cfg();
        StreamExecutionEnvironment env = env();
        List<FloorEvent> in = inOrder(
                jackpot("j1", "M1", T0, 1_500_00L),
                jackpot("j2", "M1", T0 + min(1), 1_500_00L),
                jackpot("j3", "M1", T0 + min(2), 1_500_00L),
                hopper("h1", "M2", T0, 10),
                security("s1", "LOC-1", "ALARM", null, T0),
                slot("d1", "M3", "DOOR_OPEN", T0),
                table("t1", "T1", "SHUFFLER_ERROR", T0),
                table("t2", "T1", "SHUFFLER_ERROR", T0 + 1),
                table("t3", "T1", "SHUFFLER_ERROR", T0 + 2),
                clock(T0 + min(20)));
        for (int i = 0; i < 6; i++) in.add(6 + i, slot("e" + i, "M4", "ERROR", T0 + sec(i)));
        // SPEC 8.5: an integrity event, a power-off access, and a machine whose meters were reset
        in.add(sas("i1", "M5", "0x7A", T0 + sec(3)));
        in.add(sas("p1", "M6", "98", T0 + sec(4)));
        in.add(MachineMetersTest.snapshot("m1", "M7", T0 + sec(5), 5_000_00, 0, 0, 0, 10, 10));
        in.add(MachineMetersTest.snapshot("m2", "M7", T0 + min(5), 0, 0, 0, 0, 0, 10));
        in = inOrder(in.toArray(new FloorEvent[0]));
        ControlStreams control = ControlStreams.none(env, cfg); // one per graph: its uids are fixed
        DataStream<FloorEvent> events = withFloorClock(
                env.fromData(in, TypeInformation.of(FloorEvent.class))
                        .uid("test-source")
                        .assignTimestampsAndWatermarks(everyEvent(BOUND))
                        .uid("test-watermarks"),
                control);
        DataStream<MachineMinute> machineMinutes = env.fromData(
                        List.of(new MachineMinute()), TypeInformation.of(MachineMinute.class))
                .uid("test-mm")
                .filter(m -> false)
                .uid("test-mm-none")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<MachineMinute>forMonotonousTimestamps()
                        .withTimestampAssigner((m, ts) -> m.windowStart))
                .uid("test-mm-wm");
        DataStream<FloorMinute> floorMinutes = env.fromData(
                        List.of(new FloorMinute()), TypeInformation.of(FloorMinute.class))
                .uid("test-fm")
                .filter(m -> false)
                .uid("test-fm-none")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<FloorMinute>forMonotonousTimestamps()
                        .withTimestampAssigner((m, ts) -> m.windowStart))
                .uid("test-fm-wm");
        LateEvents late = new LateEvents();
        // the parts of the per-entity operator, hosted as the topology hosts them
        SingleOutputStreamOperator<FloorEvent> entity = late.collectFrom(EntityKey.keyed(events, events)
                .transform(
                        "per entity",
                        TypeInformation.of(FloorEvent.class),
                        new EntityOperator(
                                new DeduplicateEvents(Duration.ofHours(1)),
                                e -> e,
                                List.of(MachineOfflineRule.part(cfg), MachineMeters.part())))
                .uid("test-per-entity"));
        DataStream<Alert> all = HandpayWaitRule.build(events, cfg, late)
                .union(
                        RepeatJackpotsRule.build(events, cfg, late),
                        MachineErrorRules.build(events, cfg, late),
                        entity.getSideOutput(MachineOfflineRule.ALERTS),
                        HopperFillRule.build(events, cfg, late, control),
                        ShufflerMaintenanceRule.build(events, cfg, late),
                        SecurityAlarmRule.build(events, cfg, late),
                        UnattendedDoorOpenRule.build(events, cfg, late),
                        StaleSourceRule.build(events, cfg, late),
                        HotColdMachineRule.build(machineMinutes, cfg, late, control),
                        FloorAnomalyRule.build(floorMinutes, cfg, late, control),
                        SasExceptionRule.build(events),
                        entity.getSideOutput(MachineMeters.ALERTS),
                        MachineMeters.variance(entity.getSideOutput(MachineMeters.COMPARISONS), cfg, control));
        Set<String> fired = new TreeSet<>();
        for (Alert a : collect(all)) fired.add(a.rule + ":" + a.entityId);
        assertEquals(
                new TreeSet<>(List.of(
                        Rules.HANDPAY_WAIT + ":M1",
                        Rules.REPEAT_JACKPOTS + ":M1",
                        Rules.HOPPER_FILL + ":M2",
                        Rules.SECURITY_ALARM + ":LOC-1",
                        Rules.UNATTENDED_DOOR_OPEN + ":M3",
                        Rules.SHUFFLER_MAINTENANCE + ":T1",
                        Rules.MACHINE_ERRORS + ":M4",
                        Rules.INTEGRITY_EVENT + ":M5",
                        Rules.POWER_OFF_ACCESS + ":M6",
                        Rules.METER_RESET + ":M7")),
                fired);
    }

    static FloorEvent sas(String id, String machine, String code, long time) {
        FloorEvent e = slot(id, machine, "ERROR", time);
        e.errorCode = code;
        e.errorCategory = io.floorwatch.event.SasCodes.DEFAULTS.categoryOf(code);
        return e;
    }
}
