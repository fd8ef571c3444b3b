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
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

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
        SingleOutputStreamOperator<Alert> alerts = RuleSupport.countWithin(
                events, errors, count, window, new Fire(window), "rule-shuffler-cep", "SHUFFLER_MAINTENANCE CEP");
        late.collect(alerts.getSideOutput(LateEvents.TAG));
        return alerts;
    }

    static final class Fire extends PatternProcessFunction<FloorEvent, Alert> {
        private final Duration window;

        Fire(Duration window) {
            this.window = window;
        }

        @Override
        public void processMatch(Map<String, List<FloorEvent>> match, Context ctx, Collector<Alert> out) {
            List<FloorEvent> errors = match.get(RuleSupport.BURST);
            FloorEvent first = errors.get(0);
            FloorEvent last = errors.get(errors.size() - 1);
            String table = last.entityId;
            List<String> ids = RuleSupport.ids(errors);
            out.collect(Alert.firing(
                            Rules.SHUFFLER_MAINTENANCE,
                            Severity.MEDIUM,
                            Rules.TABLE,
                            table,
                            first.eventId,
                            last.eventTime,
                            null,
                            errors.size() + " shuffler errors on table " + table + " within "
                                    + RuleSupport.human(window),
                            "Schedule shuffler maintenance",
                            RuleSupport.details(
                                    "event_ids",
                                    ids,
                                    "count",
                                    errors.size(),
                                    "window_ms",
                                    window.toMillis(),
                                    "game_type",
                                    last.gameType))
                    .withTrigger(last.ingestTime));
        }
    }
}
