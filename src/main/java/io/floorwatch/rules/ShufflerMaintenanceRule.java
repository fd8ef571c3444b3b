package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * SHUFFLER_MAINTENANCE (MEDIUM): {@code rules.shuffler.count} (3) SHUFFLER_ERROR on one table within
 * {@code rules.shuffler.window} (60 min): the AWS seed's predictive maintenance. skipPastLastEvent: a
 * further error fires again only as part of a new full set. No resolve.
 */
public final class ShufflerMaintenanceRule {
    private ShufflerMaintenanceRule() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        int count = cfg.get(Options.SHUFFLER_COUNT);
        Duration window = cfg.get(Options.SHUFFLER_WINDOW);
        DataStream<FloorEvent> errors = events.filter(
                        e -> e.source == Source.TABLE && "SHUFFLER_ERROR".equals(e.eventType))
                .uid("rule-shuffler-filter")
                .name("SHUFFLER_MAINTENANCE filter");
        BurstAlert fire = new BurstAlert(window, ShufflerMaintenanceRule::alert);
        SingleOutputStreamOperator<Alert> alerts =
                RuleSupport.countWithin(events, errors, count, fire, "rule-shuffler-cep", "SHUFFLER_MAINTENANCE CEP");
        return late.collectFrom(alerts);
    }

    private static Alert alert(List<FloorEvent> errors, FloorEvent last, Duration window) {
        FloorEvent first = errors.get(0);
        String table = last.entityId;
        List<String> ids = RuleSupport.ids(errors);
        return Alert.firing(
                Rules.SHUFFLER_MAINTENANCE,
                Severity.MEDIUM,
                Rules.TABLE,
                table,
                first.eventId,
                last.eventTime,
                null,
                errors.size() + " shuffler errors on table " + table + " within " + RuleSupport.human(window),
                "Schedule shuffler maintenance",
                RuleSupport.details(
                        "event_ids",
                        ids,
                        "count",
                        errors.size(),
                        "window_ms",
                        window.toMillis(),
                        "game_type",
                        last.gameType));
    }
}
