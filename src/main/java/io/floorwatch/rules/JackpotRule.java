package io.floorwatch.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Money;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * {@code JACKPOT}: any slot event paying at least {@code rules.jackpot.threshold}. A single-event rule: it
 * runs in arrival order and never waits for a watermark (latency target under 200 ms).
 */
public class JackpotRule implements FlatMapFunction<FloorEvent, Alert> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long thresholdCents;
    private final long mediumCents;
    private final long highCents;

    public JackpotRule(long thresholdCents, long mediumCents, long highCents) {
        this.thresholdCents = thresholdCents;
        this.mediumCents = mediumCents;
        this.highCents = highCents;
    }

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg) {
        return events
                .flatMap(new JackpotRule(cfg.get(Options.JACKPOT_THRESHOLD), cfg.get(Options.JACKPOT_MEDIUM), cfg.get(Options.JACKPOT_HIGH)))
                .uid("rule-jackpot").name("rule: JACKPOT");
    }

    @Override
    public void flatMap(FloorEvent e, Collector<Alert> out) {
        if (e.source != Source.SLOT || e.payoutCents == null || e.payoutCents < thresholdCents) return;
        long payout = e.payoutCents;
        Severity severity = payout >= highCents ? Severity.HIGH : payout >= mediumCents ? Severity.MEDIUM : Severity.LOW;
        String where = RuleSupport.sectionSuffix(e.floorSection);
        ObjectNode details = JSON.createObjectNode()
                .put("event_id", e.eventId)
                .put("event_type", e.eventType)
                .put("machine_id", e.machineId)
                .put("floor_section", e.floorSection)
                .put("player_id", e.playerId)
                .put("payout_amount", Money.toDollars(payout));
        out.collect(Alert.firing(Rules.JACKPOT, severity, Rules.MACHINE, e.machineId, e.eventId, e.eventTime, payout,
                        "Jackpot " + Money.format(payout) + " on " + e.machineId + where,
                        "Dispatch attendant to verify and hand-pay the jackpot", details.toString())
                .withTrigger(e.ingestTime));
    }
}
