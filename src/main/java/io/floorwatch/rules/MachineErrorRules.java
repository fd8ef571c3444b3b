package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.EntityKey;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * MACHINE_ERRORS (HIGH: more than {@code rules.machine-errors.threshold} ERROR events on one machine
 * within {@code rules.machine-errors.window}) and MACHINE_CRITICAL (CRITICAL: more than
 * {@code rules.machine-critical.threshold} within {@code rules.machine-critical.window}). Both are
 * episodes: CEP detects the burst (threshold + 1 errors, half-open window: the last strictly less than
 * the window after the first), an {@link EpisodeTracker} fires once per episode and resolves after
 * {@code rules.machine-errors.quiet-period} without errors. Only ERROR events with a FAULT or OTHER SAS code count
 * (SPEC 8.5): SERVICE codes neither start a burst nor interrupt a quiet period, and INTEGRITY / POWER_OFF_ACCESS codes
 * have rules of their own ({@link SasExceptionRule}).
 */
public final class MachineErrorRules {
    private MachineErrorRules() {}

    /** Both rules, from one shared ERROR filter. */
    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        // FAULT and OTHER codes only (SPEC 8.5), for the bursts and the quiet period
        DataStream<FloorEvent> errors = events.filter(FloorEvent::countsAsError)
                .uid("rule-machine-errors-filter")
                .name("MACHINE_ERRORS/CRITICAL filter");
        Inputs in = new Inputs(events, errors, cfg.get(Options.MACHINE_ERRORS_QUIET), late);
        Burst high = new Burst(
                Rules.MACHINE_ERRORS,
                Severity.HIGH,
                cfg.get(Options.MACHINE_ERRORS_THRESHOLD),
                cfg.get(Options.MACHINE_ERRORS_WINDOW));
        Burst critical = new Burst(
                Rules.MACHINE_CRITICAL,
                Severity.CRITICAL,
                cfg.get(Options.MACHINE_CRITICAL_THRESHOLD),
                cfg.get(Options.MACHINE_CRITICAL_WINDOW));
        // both rules see the same ERROR events: report a late one once
        return in.episodes(high, "rule-machine-errors", true)
                .union(in.episodes(critical, "rule-machine-critical", false));
    }

    /** What both rules read: all events (for the keying), the ERROR events that count, the quiet period. */
    private record Inputs(
            DataStream<FloorEvent> events, DataStream<FloorEvent> errors, Duration quiet, LateEvents late) {
        DataStream<Alert> episodes(Burst burst, String uid, boolean reportLate) {
            SingleOutputStreamOperator<Alert> candidates = RuleSupport.countWithin(
                    events,
                    errors,
                    burst.threshold + 1,
                    new BurstAlert(burst.window, burst),
                    uid + "-cep",
                    burst.rule + " CEP");
            if (reportLate) late.collectFrom(candidates);
            return candidates
                    .keyBy(a -> a.entityId)
                    .connect(EntityKey.keyed(events, errors))
                    .process(new EpisodeTracker(quiet), TypeInformation.of(Alert.class))
                    .uid(uid + "-episode")
                    .name(burst.rule + " episodes");
        }
    }

    /** One rule: more than {@code threshold} errors on a machine within {@code window}. */
    private record Burst(String rule, Severity severity, int threshold, Duration window) implements BurstAlert.Fire {
        @Override
        public Alert alert(List<FloorEvent> errors, FloorEvent last, Duration window) {
            FloorEvent first = errors.get(0);
            String machine = last.entityId;
            List<String> codes = errors.stream()
                    .map(e -> e.errorCode == null ? "?" : e.errorCode)
                    .distinct()
                    .toList();
            return Alert.firing(
                    rule,
                    severity,
                    Rules.MACHINE,
                    machine,
                    first.eventId,
                    last.eventTime,
                    null,
                    "More than " + threshold + " errors on " + machine + " within " + RuleSupport.human(window)
                            + RuleSupport.sectionSuffix(last.floorSection) + ", codes "
                            + String.join(", ", codes),
                    severity == Severity.CRITICAL
                            ? "Take machine out of service and send technician"
                            : "Send technician",
                    RuleSupport.details(
                            "event_ids",
                            RuleSupport.ids(errors),
                            "error_codes",
                            codes,
                            "count",
                            errors.size(),
                            "window_ms",
                            window.toMillis()));
        }
    }
}
