package io.floorwatch.compliance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import io.floorwatch.event.Source;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * W2G_REQUIRED (MEDIUM, entity machine): a slot payout ({@code payout_amount} above 0 of any slot event) reaches the
 * W-2G reporting threshold in force on the local calendar date it was paid ({@code casino.timezone}) —
 * 26 CFR 7.6041-1: $1,200 before 2026-01-01, $2,000 from 2026-01-01 (as amended by the One Big Beautiful
 * Bill Act). The dated table is {@code rules.w2g.thresholds}; the latest entry on or before the date applies
 * and holds until a newer one is added. "Reaches" is {@code >=}. A date before the table's first entry has
 * no threshold and never fires.
 *
 * <p>A single-event rule: a stateless function in arrival order (no watermark wait, no key); late events
 * fire too — a W-2G is owed whenever the payout happened. One alert per event: evidence = event_id,
 * amount = the payout, event_time = the event's time.
 *
 * <p>{@code w2g_forms} (SPEC §8.4): each firing also writes the form's data to the {@link #FORMS} side output, one
 * {@link W2gForm} per alert keyed by its alert_id, {@code id_required} when the jackpot was uncarded.
 */
public final class W2gRequired {
    /** w2g_forms rows, one per W2G_REQUIRED firing. */
    public static final OutputTag<W2gForm> FORMS = new OutputTag<>("w2g-forms", TypeInformation.of(W2gForm.class));

    private W2gRequired() {}

    /**
     * W2G_REQUIRED alerts as main output, their forms as the {@link #FORMS} side output, following
     * {@code rules.w2g.thresholds} through the control topic (SPEC 8.1). Build once per graph.
     */
    public static SingleOutputStreamOperator<Alert> build(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        // (a non-keyed stream of the candidates: a broadcast function cannot take the entity-keyed events directly)
        // Only events that pay cross to the rule: a GAME_PLAYED that won nothing carries payout_amount 0.
        DataStream<FloorEvent> payouts =
                events.filter(W2gFunction::pays).uid("rule-w2g-filter").name("W2G_REQUIRED filter");
        LiveValues live = LiveValues.settings(control, Options.W2G_THRESHOLDS.key());
        return control.connect(payouts, new LiveW2g(cfg, live), Alert.class)
                .uid("rule-w2g")
                .name("W2G_REQUIRED");
    }

    /**
     * {@link W2gFunction} following {@code rules.w2g.thresholds} live (SPEC 8.1): a new table applies to the payouts
     * this function sees after it, never to those it has judged already.
     */
    public static final class LiveW2g extends LiveBroadcastFunction<FloorEvent, Alert> {
        private static final long serialVersionUID = 1L;
        private transient W2gFunction current;

        public LiveW2g(FloorWatchConfig cfg, LiveValues live) {
            super(cfg, live, "w2g-live-values");
        }

        @Override
        protected void refresh() {
            current = new W2gFunction(live.get(cfg, Options.W2G_THRESHOLDS), cfg.get(Options.CASINO_TIMEZONE));
        }

        @Override
        public void processElement(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) {
            W2gForm form = current.evaluate(e, out);
            if (form != null) ctx.output(FORMS, form);
        }
    }

    public static final class W2gFunction extends ProcessFunction<FloorEvent, Alert> {
        private static final long serialVersionUID = 1L;

        private final TreeMap<LocalDate, Long> thresholds;
        private final ZoneId zone;
        /** Below the smallest threshold of the table no date lookup is needed: the common case. */
        private final long smallestThreshold;

        public W2gFunction(TreeMap<LocalDate, Long> thresholds, ZoneId zone) {
            this.thresholds = new TreeMap<>(thresholds);
            this.zone = zone;
            this.smallestThreshold = thresholds.isEmpty() ? Long.MAX_VALUE : Collections.min(thresholds.values());
        }

        @Override
        public void processElement(FloorEvent e, Context ctx, Collector<Alert> out) {
            W2gForm form = evaluate(e, out);
            if (form != null) ctx.output(FORMS, form);
        }

        /** A slot event that pays something: a payout of 0 owes no W-2G, whatever the threshold (even 0). */
        public static boolean pays(FloorEvent e) {
            return e.source == Source.SLOT && e.payoutCents != null && e.payoutCents > 0;
        }

        /** The rule on one event, with this function's table: the alert to {@code out}, its form returned (null: none). */
        public W2gForm evaluate(FloorEvent e, Collector<Alert> out) {
            if (!pays(e) || e.payoutCents < smallestThreshold) return null;
            LocalDate paidOn = Instant.ofEpochMilli(e.eventTime).atZone(zone).toLocalDate();
            Map.Entry<LocalDate, Long> inForce = thresholds.floorEntry(paidOn);
            if (inForce == null || e.payoutCents < inForce.getValue()) return null;
            Alert alert = alert(e, paidOn, inForce.getValue());
            out.collect(alert);
            return form(alert, e, paidOn, inForce.getValue());
        }

        private static W2gForm form(Alert alert, FloorEvent e, LocalDate paidOn, long threshold) {
            W2gForm f = new W2gForm();
            f.alertId = alert.alertId;
            f.machineId = alert.entityId;
            f.playerId = e.playerId == null || e.playerId.isBlank() ? null : e.playerId;
            f.idRequired = f.playerId == null;
            f.grossWinningsCents = e.payoutCents;
            f.wagerCents = e.wagerCents;
            f.dateWon = paidOn.toString();
            f.eventTime = e.eventTime;
            f.thresholdCents = threshold;
            f.floorSection = e.floorSection;
            return f;
        }

        private Alert alert(FloorEvent e, LocalDate paidOn, long threshold) {
            String machine = e.machineId != null ? e.machineId : e.entityId;
            String section = e.floorSection != null ? " (section " + e.floorSection + ")" : "";
            ObjectNode d = ComplianceJson.object();
            d.put("event_id", e.eventId);
            d.put("event_type", e.eventType);
            d.put("payout", Money.toDollars(e.payoutCents));
            d.put("threshold", Money.toDollars(threshold));
            d.put("local_date", paidOn.toString());
            if (e.playerId != null) d.put("player_id", e.playerId);
            if (e.floorSection != null) d.put("floor_section", e.floorSection);
            d.put("regulation", "26 CFR 7.6041-1");
            return Alert.firing(
                            Rules.W2G_REQUIRED,
                            Severity.MEDIUM,
                            Rules.MACHINE,
                            machine,
                            e.eventId,
                            e.eventTime,
                            e.payoutCents,
                            "W-2G required: " + Money.format(e.payoutCents) + " paid on " + machine + section
                                    + " (threshold " + Money.format(threshold) + " on " + paidOn + ")",
                            "Complete Form W-2G with the winner's ID and TIN before paying",
                            ComplianceJson.write(d))
                    .withTrigger(e.ingestTime);
        }
    }
}
