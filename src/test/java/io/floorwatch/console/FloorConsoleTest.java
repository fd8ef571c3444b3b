package io.floorwatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.floor.FloorMinute;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FloorConsoleTest {
    static final long T0 = Instant.parse("2026-11-22T20:10:00Z").toEpochMilli();

    static FloorMinute minute(
            long windowStart, String section, long spins, long inCents, long outCents, long active, long version) {
        FloorMinute m = new FloorMinute();
        m.windowStart = windowStart;
        m.floorSection = section;
        m.spins = spins;
        m.coinInCents = inCents;
        m.coinOutCents = outCents;
        m.activeMachines = active;
        m.version = version;
        return m;
    }

    static Alert jackpot() {
        return Alert.firing(
                "JACKPOT",
                Severity.HIGH,
                "machine",
                "SM-0042",
                "evt-1",
                T0 + 63_120,
                1_250_000L,
                "Jackpot $12,500.00 on SM-0042 (section B)",
                "Dispatch attendant",
                "{}");
    }

    @AfterEach
    void resetConsole() {
        FloorConsole.reset();
    }

    @Test
    void rendersSectionsTotalsHoldAndAlerts() {
        FloorView view = new FloorView();
        view.addMinute(minute(T0, "A", 100, 50_000, 45_000, 12, 0));
        view.addMinute(minute(T0, "B", 10, 0, 0, 1, 0));
        view.addMinute(minute(T0 + 60_000, "A", 1_234, 1_234_500, 1_100_000, 38, 0));
        view.addMinute(minute(T0 + 60_000, "B", 200, 200_000, 250_000, 20, 0));
        // a late update of A's latest minute replaces it
        view.addMinute(minute(T0 + 60_000, "A", 1_300, 1_300_000, 1_170_000, 40, 1));
        Alert jackpot = jackpot();
        view.addAlert(jackpot);
        view.addAlert(Alert.firing(
                "MACHINE_CRITICAL",
                Severity.CRITICAL,
                "machine",
                "SM-0007",
                "e",
                T0 + 70_000,
                null,
                "11 errors in 5 min on SM-0007",
                "Send technician",
                "{}"));
        view.addAlert(jackpot.resolvedAt(T0 + 80_000, "Handpay reset on SM-0042", "{}"));

        String text = view.render(T0 + 125_000, 498.4, ZoneOffset.UTC);
        String[] lines = text.split("\n");
        for (String line : lines) assertTrue(line.length() <= FloorView.WIDTH, "too wide: " + line);
        assertTrue(text.contains("2026-11-22 20:12:05"), text);
        assertTrue(text.contains("floor time 20:12"), text);
        assertTrue(text.contains("events/s 498"), text);
        assertTrue(text.contains("CRITICAL 1") && text.contains("HIGH 1") && text.contains("resolved 1"), text);
        assertTrue(text.contains("Minute 20:11-20:12"), text);

        String a = line(lines, "A ");
        assertTrue(
                a.contains("1,300")
                        && a.contains("$13,000.00")
                        && a.contains("$11,700.00")
                        && a.contains("10.0 %")
                        && a.contains("40"),
                a);
        assertTrue(a.contains("1,400") && a.contains("$13,500.00"), a); // 15 min: 100 + 1,300 spins
        assertTrue(a.endsWith("10.0 %"), a); // (13,500 - 12,150) / 13,500
        String b = line(lines, "B ");
        assertTrue(b.contains("-25.0 %"), "a section that paid out more than it took: " + b);
        String total = line(lines, "TOTAL");
        assertTrue(total.contains("1,500") && total.contains("$15,000.00") && total.contains("$14,200.00"), total);

        int alertsAt = List.of(lines).indexOf("Recent alerts (newest first)");
        assertTrue(
                lines[alertsAt + 1].startsWith("20:11:20 HIGH     JACKPOT")
                        && lines[alertsAt + 1].contains("resolved: Handpay reset"),
                lines[alertsAt + 1]);
        assertTrue(
                lines[alertsAt + 2].contains("CRITICAL") && lines[alertsAt + 2].contains("SM-0007"),
                lines[alertsAt + 2]);
        assertTrue(
                lines[alertsAt + 3].startsWith(
                        "20:11:03 HIGH     JACKPOT              SM-0042      Jackpot $12,500.00"),
                lines[alertsAt + 3]);
    }

    /** SPEC §8.4: the demo shows compliance as counts, never a player: no CTR / SAR in the list of recent alerts. */
    @Test
    void complianceShowsCountsWithoutPlayerDetails() {
        FloorView view = new FloorView();
        view.addAlert(Alert.firing(
                "CTR_REQUIRED",
                Severity.HIGH,
                "player",
                "P-SECRET-1",
                "2026-11-22/CASH_IN",
                T0,
                1_100_000L,
                "CTR required: P-SECRET-1 cash in $11,000.00 on gaming day 2026-11-22",
                "File",
                "{}"));
        view.addAlert(Alert.firing(
                "CTR_APPROACHING",
                Severity.MEDIUM,
                "player",
                "P-SECRET-2",
                "2026-11-22/CASH_OUT",
                T0,
                800_000L,
                "CTR approaching: P-SECRET-2 cash out $8,000.00",
                "ID",
                "{}"));
        view.addAlert(Alert.firing(
                "CTR_APPROACHING",
                Severity.MEDIUM,
                "player",
                "P-SECRET-3",
                "2026-11-22/CASH_IN",
                T0,
                900_000L,
                "CTR approaching: P-SECRET-3 cash in $9,000.00",
                "ID",
                "{}"));
        view.addAlert(Alert.firing(
                "SAR_STRUCTURING",
                Severity.HIGH,
                "player",
                "P-SECRET-4",
                "e1,e2",
                T0,
                1_700_000L,
                "Possible structuring by P-SECRET-4",
                "Review",
                "{}"));
        view.addAlert(Alert.firing(
                "W2G_REQUIRED",
                Severity.MEDIUM,
                "machine",
                "SM-0042",
                "e9",
                T0,
                250_000L,
                "W-2G required: $2,500.00 paid on SM-0042",
                "W-2G",
                "{\"player_id\":\"P-SECRET-5\"}"));
        for (int i = 0; i < 7; i++) view.countMtlEntry();
        String text = view.render(T0 + 60_000, -1, ZoneOffset.UTC);
        assertTrue(
                text.contains("compliance (counts only)  CTR 1  CTR approaching 2  SAR 1  W-2G 1  MTL entries 7"),
                text);
        assertTrue(text.contains("HIGH 2") && text.contains("MEDIUM 3"), "severity totals count them too: " + text);
        assertFalse(text.contains("P-SECRET"), "no player in the demo's view: " + text);
        assertEquals(
                List.of("W2G_REQUIRED"),
                view.recentAlerts().stream().map(a -> a.rule).toList());
    }

    @Test
    void showsTheLatestRuleChanges() {
        FloorView view = new FloorView();
        assertTrue(!view.render(T0, -1, ZoneOffset.UTC).contains("Rule changes"), "no section before the first change");
        io.floorwatch.control.RuleChange applied = new io.floorwatch.control.RuleChange();
        applied.changeId = "c-17";
        applied.key = "rules.jackpot.threshold";
        applied.oldValue = "1200";
        applied.newValue = "1500";
        applied.changedBy = "j.doe";
        applied.appliedAt = T0 + 5_000;
        applied.status = io.floorwatch.control.RuleChange.APPLIED;
        io.floorwatch.control.RuleChange rejected = new io.floorwatch.control.RuleChange();
        rejected.changeId = "c-18";
        rejected.key = "rules.handpay-wait.timeout";
        rejected.oldValue = "10min";
        rejected.newValue = "1min";
        rejected.appliedAt = T0 + 6_000;
        rejected.status = io.floorwatch.control.RuleChange.REJECTED;
        rejected.message = "rules.handpay-wait.timeout: cannot change live, it needs a restart";
        view.addRuleChange(applied);
        view.addRuleChange(rejected);
        String[] lines = view.render(T0 + 10_000, -1, ZoneOffset.UTC).split("\n");
        int at = List.of(lines).indexOf("Rule changes (newest first)");
        assertTrue(at > 0, String.join("\n", lines));
        assertTrue(
                lines[at + 1].startsWith("20:10:06 REJECTED c-18         rules.handpay-wait.timeout 10min -> 1min: "),
                lines[at + 1]);
        assertEquals("20:10:05 APPLIED  c-17         rules.jackpot.threshold 1200 -> 1500 by j.doe", lines[at + 2]);
        for (String line : lines) assertTrue(line.length() <= FloorView.WIDTH, "too wide: " + line);
    }

    @Test
    void holdIsGuardedAgainstZeroCoinIn() {
        assertEquals("-", FloorView.hold(0, 0));
        assertEquals("-", FloorView.hold(0, 500));
        assertEquals("10.0 %", FloorView.hold(1000, 900));
        FloorView view = new FloorView();
        view.addMinute(minute(T0, "C", 0, 0, 0, 0, 0));
        String c = line(view.render(T0, -1, ZoneId.of("America/Los_Angeles")).split("\n"), "C ");
        assertTrue(c.contains(" - "), c);
    }

    @Test
    void anEmptyViewSaysItIsWaiting() {
        String text = new FloorView().render(T0, -1, ZoneOffset.UTC);
        assertTrue(text.contains("waiting for the first completed minute"), text);
        assertTrue(text.contains("events/s -"), text);
        assertTrue(text.contains("none yet"), text);
    }

    @Test
    void theSinksFeedTheSharedViewFromAFlinkJob() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        FloorConsole.configure(
                new PrintStream(screen, true, StandardCharsets.UTF_8), ZoneOffset.UTC, Duration.ofMillis(100), false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        var minutes = env.fromData(minute(T0, "A", 5, 1_000, 0, 2, 0), minute(T0, "B", 7, 2_000, 500, 3, 0))
                .uid("minutes");
        minutes.sinkTo(FloorConsole.events()).uid("console-events");
        minutes.sinkTo(FloorConsole.floorMinutes()).uid("console-minutes");
        env.fromData(jackpot()).sinkTo(FloorConsole.alerts()).uid("console-alerts");
        env.execute("console-test");

        assertEquals(2, FloorConsole.view().eventsCounted());
        assertTrue(
                screen.toString(StandardCharsets.UTF_8).contains("FloorWatch - live floor view"),
                "a frame at the end of input");
        FloorConsole.renderNow();
        String frame = screen.toString(StandardCharsets.UTF_8);
        assertFalse(frame.contains("\033["), "no ANSI codes when told the output is not a terminal");
        assertTrue(frame.contains("Jackpot $12,500.00 on SM-0042"), frame);
        String total = line(frame.split("\n"), "TOTAL");
        assertTrue(total.contains("12") && total.contains("$30.00") && total.contains("$5.00"), total);
    }

    static String line(String[] lines, String prefix) {
        for (String l : lines) if (l.startsWith(prefix)) return l;
        throw new AssertionError("no line starting with '" + prefix + "' in\n" + String.join("\n", lines));
    }
}
