package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * SECURITY_ALARM (CRITICAL): a security DOOR_FORCED or ALARM, entity the location. Single event,
 * stateless, arrival order: no watermark wait.
 */
public final class SecurityAlarmRule {
    private SecurityAlarmRule() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return events.filter(SecurityAlarmRule::isAlarm)
                .uid("rule-security-alarm-filter")
                .name("SECURITY_ALARM filter")
                .map(SecurityAlarmRule::alert, TypeInformation.of(Alert.class))
                .uid("rule-security-alarm")
                .name("SECURITY_ALARM");
    }

    static boolean isAlarm(FloorEvent e) {
        return e.source == Source.SECURITY && ("DOOR_FORCED".equals(e.eventType) || "ALARM".equals(e.eventType));
    }

    static Alert alert(FloorEvent e) {
        String what = "DOOR_FORCED".equals(e.eventType) ? "Door forced" : "Alarm";
        String where = e.entityId + (e.machineId != null ? " (machine " + e.machineId + ")" : "");
        return Alert.firing(
                        Rules.SECURITY_ALARM,
                        Severity.CRITICAL,
                        Rules.LOCATION,
                        e.entityId,
                        e.eventId,
                        e.eventTime,
                        null,
                        what + " at " + where + (e.severity != null ? ", severity " + e.severity : ""),
                        "Dispatch security and review surveillance",
                        RuleSupport.details(
                                "event_id",
                                e.eventId,
                                "event_type",
                                e.eventType,
                                "machine_id",
                                e.machineId,
                                "badge_id",
                                e.badgeId,
                                "severity",
                                e.severity))
                .withTrigger(e.ingestTime);
    }
}
