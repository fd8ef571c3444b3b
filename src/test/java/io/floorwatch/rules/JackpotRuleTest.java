package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code JACKPOT} (SPEC §5): any slot event paying at least $1,200; HIGH from $10,000, MEDIUM from $5,000, else LOW,
 * each band checked at its threshold and a cent below. Not keyed and stateless: a plain operator harness.
 */
class JackpotRuleTest {
    private static final long T = 1_795_375_800_000L;

    static FloorWatchConfig defaults() {
        return FloorWatchConfig.of(Map.of("kafka.bootstrap-servers", "localhost:9092"));
    }

    static List<Alert> run(FloorWatchConfig cfg, FloorEvent... events) throws Exception {
        JackpotRule rule = new JackpotRule(
                cfg,
                new io.floorwatch.control.LiveValues(
                        java.util.Set.of(LiveRulesTest.JACKPOT_KEYS), List.of(), false, Map.of(), Map.of()));
        try (var h = new org.apache.flink.streaming.util.BroadcastOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator<>(
                        rule, List.of(io.floorwatch.control.ControlStreams.BROADCAST_STATE)),
                1,
                1,
                0)) {
            h.setup();
            h.initializeState((org.apache.flink.runtime.checkpoint.OperatorSubtaskState) null);
            h.open();
            for (FloorEvent e : events) h.processElement(e, e.eventTime);
            return h.extractOutputValues();
        }
    }

    static FloorEvent slot(String id, String type, Long payoutCents) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SLOT;
        e.eventId = id;
        e.eventType = type;
        e.eventTime = T;
        e.ingestTime = T + 40;
        e.entityId = "SM-7";
        e.machineId = "SM-7";
        e.floorSection = "B";
        e.payoutCents = payoutCents;
        return e;
    }

    @Test
    void theDefaultsAreTheSpecs() {
        FloorWatchConfig cfg = defaults();
        assertEquals(120_000L, cfg.get(Options.JACKPOT_THRESHOLD));
        assertEquals(500_000L, cfg.get(Options.JACKPOT_MEDIUM));
        assertEquals(1_000_000L, cfg.get(Options.JACKPOT_HIGH));
    }

    @ParameterizedTest(name = "{0} cents -> {1}")
    @CsvSource({
        "119999,", // a cent below the threshold: no alert
        "120000,LOW", // exactly $1,200
        "499999,LOW",
        "500000,MEDIUM", // exactly $5,000
        "999999,MEDIUM",
        "1000000,HIGH", // exactly $10,000
        "250000000,HIGH",
    })
    void severityBandsWithTheDefaults(long payoutCents, Severity expected) throws Exception {
        List<Alert> out = run(defaults(), slot("j1", "JACKPOT", payoutCents));
        if (expected == null) {
            assertEquals(List.of(), out);
            return;
        }
        assertEquals(1, out.size());
        Alert a = out.get(0);
        assertEquals(Rules.JACKPOT, a.rule);
        assertEquals(expected, a.severity);
        assertEquals(Alert.FIRING, a.status);
        assertEquals(Rules.MACHINE, a.entityType);
        assertEquals("SM-7", a.entityId);
        assertEquals(Alert.idOf(Rules.JACKPOT, "SM-7", "j1"), a.alertId);
        assertEquals(payoutCents, a.amountCents);
        assertEquals(T, a.eventTime);
        assertEquals(T + 40, a.triggerIngestTime);
    }

    @Test
    void theBandsFollowTheConfiguration() throws Exception {
        FloorWatchConfig cfg = defaults()
                .with(Map.of(
                        "rules.jackpot.threshold",
                        "2000",
                        "rules.jackpot.medium-threshold",
                        "3000",
                        "rules.jackpot.high-threshold",
                        "4000.50"));
        List<Alert> out = run(
                cfg,
                slot("a", "JACKPOT", 199_999L),
                slot("b", "JACKPOT", 200_000L),
                slot("c", "JACKPOT", 299_999L),
                slot("d", "JACKPOT", 300_000L),
                slot("e", "JACKPOT", 400_049L),
                slot("f", "JACKPOT", 400_050L));
        assertEquals(
                List.of("b:LOW", "c:LOW", "d:MEDIUM", "e:MEDIUM", "f:HIGH"),
                out.stream().map(a -> evidence(a) + ":" + a.severity).toList());
    }

    @Test
    void anySlotEventPayingEnoughFiresAndNothingElseDoes() throws Exception {
        FloorEvent game = slot("g", "GAME_PLAYED", 120_000L); // a big win on a spin is a jackpot too
        FloorEvent noPayout = slot("n", "JACKPOT", null);
        FloorEvent table = slot("t", "PAYOUT", 5_000_000L);
        table.source = Source.TABLE;
        List<Alert> out = run(defaults(), game, noPayout, table);
        assertEquals(1, out.size());
        assertEquals(Alert.idOf(Rules.JACKPOT, "SM-7", "g"), out.get(0).alertId);
        assertEquals(Severity.LOW, out.get(0).severity);
        assertEquals(120_000L, out.get(0).amountCents);
    }

    private static String evidence(Alert a) {
        for (String id : List.of("a", "b", "c", "d", "e", "f")) {
            if (a.alertId.equals(Alert.idOf(Rules.JACKPOT, "SM-7", id))) return id;
        }
        return "?";
    }
}
