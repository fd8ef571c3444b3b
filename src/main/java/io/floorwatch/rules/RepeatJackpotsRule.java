package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import io.floorwatch.event.Source;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * REPEAT_JACKPOTS (HIGH): {@code rules.repeat-jackpots.count} (3) slot events paying at least
 * {@code rules.jackpot.threshold} on one machine within {@code rules.repeat-jackpots.window}. Fires on
 * the completing jackpot; skipPastLastEvent so a 4th/5th jackpot fires again only as part of a new full
 * set. CEP's window is half-open: the last jackpot must come strictly less than the window after the first.
 *
 * <p>{@code rules.jackpot.threshold} changes live (SPEC 8.1): whether an event is a jackpot is judged once, as it
 * enters the job, with the threshold in force then ({@link FloorEvent#jackpotPayout}); a CEP condition cannot read
 * broadcast state, and a jackpot judged before a change stays one (never retroactive).
 */
public final class RepeatJackpotsRule {
    private RepeatJackpotsRule() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        long threshold = cfg.get(Options.JACKPOT_THRESHOLD);
        int count = cfg.get(Options.REPEAT_JACKPOTS_COUNT);
        Duration window = cfg.get(Options.REPEAT_JACKPOTS_WINDOW);
        // the threshold in force when each event entered the job (SPEC 8.1): the condition judged there, not here
        DataStream<FloorEvent> bigPays = events.filter(e -> e.source == Source.SLOT && e.paysJackpot(threshold))
                .uid("rule-repeat-jackpots-filter")
                .name("REPEAT_JACKPOTS filter");
        BurstAlert fire = new BurstAlert(window, RepeatJackpotsRule::alert);
        SingleOutputStreamOperator<Alert> alerts = RuleSupport.countWithin(
                events, bigPays, count, fire, "rule-repeat-jackpots-cep", "REPEAT_JACKPOTS CEP");
        return late.collectFrom(alerts);
    }

    private static Alert alert(List<FloorEvent> jackpots, FloorEvent last, Duration window) {
        long total = 0;
        for (FloorEvent e : jackpots) total += e.payout();
        List<String> ids = RuleSupport.ids(jackpots);
        String machine = last.entityId;
        return Alert.firing(
                Rules.REPEAT_JACKPOTS,
                Severity.HIGH,
                Rules.MACHINE,
                machine,
                String.join(",", ids),
                last.eventTime,
                total,
                jackpots.size() + " jackpots totalling " + Money.format(total) + " on " + machine
                        + " within " + RuleSupport.human(window)
                        + RuleSupport.sectionSuffix(last.floorSection),
                "Verify machine integrity with slot operations and surveillance",
                RuleSupport.details(
                        "event_ids",
                        ids,
                        "count",
                        jackpots.size(),
                        "window_ms",
                        window.toMillis(),
                        "first_time",
                        RuleSupport.iso(jackpots.get(0).eventTime),
                        "last_time",
                        RuleSupport.iso(last.eventTime)));
    }
}
