package io.floorwatch.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.floorwatch.event.Money;
import io.floorwatch.floor.FloorSections;
import io.floorwatch.floor.MachineLocation;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * {@code JACKPOT}: any slot event paying at least {@code rules.jackpot.threshold}. A single-event rule: it
 * runs in arrival order and never waits for a watermark (latency target under 200 ms).
 *
 * <p>The three thresholds change live (SPEC 8.1): the values read at start apply from the first event, a later change
 * from the next event this function sees after it; nothing is re-evaluated (a change never acts retroactively). The
 * rule reads its own copy of the slot records (the topology's payouts read), not the floor clock's: an event that
 * arrives in the same moment as a threshold change can be judged by this rule on one side of it and by the floor
 * clock ({@link FloorEvent#jackpotPayout}: REPEAT_JACKPOTS, {@code machine_minute}) on the other.
 */
public class JackpotRule extends LiveBroadcastFunction<FloorEvent, Alert> {
    private static final long serialVersionUID = 2L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How often each network edge on a single-event alert's path (source, floor clock, a jackpot's read and this rule,
     * alert dedup) flushes its buffers, ms: a hop waits at most this long. The job's other edges flush every 100 ms
     * (FloorWatchJob): a flush per edge and 10 ms was an eighth of the job's CPU at 3,000 events/s.
     */
    public static final long ALERT_PATH_FLUSH_MS = 10;

    private transient long thresholdCents;
    private transient long mediumCents;
    private transient long highCents;

    public JackpotRule(FloorWatchConfig cfg, LiveValues live) {
        super(cfg, live, "jackpot-live-values");
    }

    /**
     * The rule on {@code payouts}, the valid events that may pay out, from a read of their own: a jackpot waits for no
     * other part of the job. A repeat of an event_id (event dedup is on the other read) makes the same alert id, which
     * alert dedup drops.
     */
    public static DataStream<Alert> build(
            DataStream<FloorEvent> payouts,
            Map<String, MachineLocation> locations,
            FloorWatchConfig cfg,
            ControlStreams control) {
        LiveValues live = LiveValues.settings(
                control, Options.JACKPOT_THRESHOLD.key(), Options.JACKPOT_MEDIUM.key(), Options.JACKPOT_HIGH.key());
        // Only candidates cross to the rule (a two-input operator is never chained): any slot payout of a cent or more.
        DataStream<FloorEvent> candidates = payouts.filter(e -> e.paysJackpot(1))
                .uid("rule-jackpot-filter")
                .name("JACKPOT filter")
                .map(new FloorSections.OnCopies(locations))
                .uid("rule-jackpot-floor-sections")
                .name("JACKPOT floor section")
                .setBufferTimeout(ALERT_PATH_FLUSH_MS);
        return control.connect(candidates, new JackpotRule(cfg, live), Alert.class)
                .uid("rule-jackpot")
                .name("rule: JACKPOT")
                .setBufferTimeout(ALERT_PATH_FLUSH_MS);
    }

    @Override
    protected void refresh() {
        thresholdCents = live.get(cfg, Options.JACKPOT_THRESHOLD);
        mediumCents = live.get(cfg, Options.JACKPOT_MEDIUM);
        highCents = live.get(cfg, Options.JACKPOT_HIGH);
    }

    @Override
    public void processElement(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) {
        if (e.payoutCents == null || !e.paysJackpot(thresholdCents)) return;
        long payout = e.payoutCents;
        Severity severity =
                payout >= highCents ? Severity.HIGH : payout >= mediumCents ? Severity.MEDIUM : Severity.LOW;
        String where = RuleSupport.sectionSuffix(e.floorSection);
        ObjectNode details = JSON.createObjectNode()
                .put("event_id", e.eventId)
                .put("event_type", e.eventType)
                .put("machine_id", e.machineId)
                .put("floor_section", e.floorSection)
                .put("player_id", e.playerId)
                .put("payout_amount", Money.toDollars(payout));
        out.collect(Alert.firing(
                        Rules.JACKPOT,
                        severity,
                        Rules.MACHINE,
                        e.machineId,
                        e.eventId,
                        e.eventTime,
                        payout,
                        "Jackpot " + Money.format(payout) + " on " + e.machineId + where,
                        "Dispatch attendant to verify and hand-pay the jackpot",
                        details.toString())
                .withTrigger(e.ingestTime));
    }
}
