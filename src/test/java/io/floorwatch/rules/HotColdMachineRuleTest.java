package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.LateEvents;
import io.floorwatch.floor.MachineMinute;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A machine's coin in over the hour vs its section's average over machines with play (MiniCluster). */
class HotColdMachineRuleTest extends RuleTestSupport {
    static List<Alert> alerts;

    static MachineMinute row(String machine, String section, int minute, long coinIn, long spins, long version) {
        MachineMinute m = new MachineMinute();
        m.windowStart = T0 + min(minute);
        m.machineId = machine;
        m.floorSection = section;
        m.coinInCents = coinIn;
        m.spins = spins;
        m.version = version;
        return m;
    }

    /** {@code total} spread over 10 minutes of the hour starting at T0 (20:00 UTC). */
    static void hour(List<MachineMinute> rows, String machine, String section, long total) {
        for (int i = 0; i < 10; i++) rows.add(row(machine, section, i * 6, total / 10, 5, 1));
    }

    @BeforeAll
    static void runScenario() throws Exception {
        List<MachineMinute> rows = new ArrayList<>();
        // section A, machines with play: 1000, 1000, 1000, 5000, 300 -> average 1660; hot > 3320, cold < 332
        hour(rows, "A1", "A", 1000);
        hour(rows, "A2", "A", 1000);
        hour(rows, "A3", "A", 1000);
        hour(rows, "A4", "A", 5000);
        hour(rows, "A5", "A", 300);
        rows.add(row("A6", "A", 3, 0, 0, 1)); // a machine without play takes no part
        // A1's minute 0 refired with a correction: replaces, doesn't add (the total stays 1000)
        rows.add(1, row("A1", "A", 0, 50, 5, 1));
        rows.stream()
                .filter(r -> r.machineId.equals("A1") && r.windowStart == T0 && r.coinInCents == 100)
                .findFirst()
                .ifPresent(r -> r.version = 2);
        // section C has only 2 machines with play: below rules.hot-cold.min-machines
        hour(rows, "C1", "C", 100);
        hour(rows, "C2", "C", 10_000);
        // section P opened at minute 50: ten minutes of an hour are no basis for hot or cold (P4 would be "hot")
        for (String m : List.of("P1", "P2", "P3")) for (int i = 50; i < 60; i++) rows.add(row(m, "P", i, 100, 5, 1));
        for (int i = 50; i < 60; i++) rows.add(row("P4", "P", i, 5_000, 5, 1));
        // the next hour: a window of its own (aligned to the hour), nothing unusual
        for (String m : List.of("A1", "A2", "A3")) rows.add(row(m, "A", 61, 700, 5, 1));
        rows.sort((x, y) -> Long.compare(x.windowStart, y.windowStart));

        StreamExecutionEnvironment env = env();
        DataStream<MachineMinute> in = env.fromData(rows, TypeInformation.of(MachineMinute.class))
                .uid("test-source")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<MachineMinute>forBoundedOutOfOrderness(Duration.ZERO)
                        .withTimestampAssigner((m, ts) -> m.windowStart + 59_999))
                .uid("test-watermarks");
        alerts = collect(HotColdMachineRule.build(in, cfg(), new LateEvents()));
    }

    @Test
    void hotAndColdAgainstTheSectionAverage() {
        assertEquals(2, alerts.size(), alerts.toString());
        Alert hot = alerts.stream()
                .filter(a -> a.rule.equals(Rules.HOT_MACHINE))
                .findFirst()
                .orElseThrow();
        assertEquals("A4", hot.entityId);
        assertEquals(Severity.INFO, hot.severity);
        assertEquals(5000L, hot.amountCents);
        assertEquals(T0 + min(60), hot.eventTime);
        assertEquals(
                Alert.idOf(Rules.HOT_MACHINE, "A4", Instant.ofEpochMilli(T0).toString()), hot.alertId);
        Alert cold = alerts.stream()
                .filter(a -> a.rule.equals(Rules.COLD_MACHINE))
                .findFirst()
                .orElseThrow();
        assertEquals("A5", cold.entityId);
        assertEquals(300L, cold.amountCents);
    }

    @Test
    void refiredMinuteReplacesAndSmallSectionsAreSkipped() {
        // had A1's refire been added, A1 would be 1050 and the average 1670: the same two alerts, so check the summary
        Alert hot = alerts.stream()
                .filter(a -> a.rule.equals(Rules.HOT_MACHINE))
                .findFirst()
                .orElseThrow();
        assertEquals("Hot A4: coin in $50.00 over 1 h, 3.0x section A average $16.60", hot.summary);
        assertEquals(
                List.of(),
                alerts.stream().filter(a -> a.entityId.startsWith("C")).toList());
    }
}
