package io.floorwatch.sink.webhook;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import java.time.Instant;

/** Small alert factories with fixed instants. */
final class TestAlerts {
    static final long EVENT_TIME = Instant.parse("2026-11-22T20:15:03.120Z").toEpochMilli();
    static final long DETECTED_AT = Instant.parse("2026-11-22T20:15:03.180Z").toEpochMilli();

    private TestAlerts() {}

    static Alert jackpot(String machine, long cents, Severity severity) {
        Alert a = Alert.firing(
                Rules.JACKPOT,
                severity,
                Rules.MACHINE,
                machine,
                "evt-" + machine + "-" + cents,
                EVENT_TIME,
                cents,
                "Jackpot on " + machine,
                "Dispatch attendant",
                "{\"floor_section\":\"B\"}");
        a.detectedAt = DETECTED_AT;
        return a;
    }

    static Alert of(String rule, Severity severity, String entityType, String entity, String evidence) {
        Alert a = Alert.firing(
                rule, severity, entityType, entity, evidence, EVENT_TIME, null, rule + " on " + entity, "Look", "{}");
        a.detectedAt = DETECTED_AT;
        return a;
    }

    static Alert sar(String player) {
        Alert a = Alert.firing(
                Rules.SAR_STRUCTURING,
                Severity.HIGH,
                Rules.PLAYER,
                player,
                "sar-" + player,
                EVENT_TIME,
                1_700_000L,
                "Possible structuring by " + player,
                "File SAR review",
                "{}");
        a.detectedAt = DETECTED_AT;
        return a;
    }

    static Alert ctr(String player) {
        Alert a = Alert.firing(
                Rules.CTR_REQUIRED,
                Severity.HIGH,
                Rules.PLAYER,
                player,
                "ctr-" + player,
                EVENT_TIME,
                1_000_001L,
                "CTR required for " + player,
                "File CTR",
                "{}");
        a.detectedAt = DETECTED_AT;
        return a;
    }
}
