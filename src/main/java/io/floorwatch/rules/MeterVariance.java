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
import io.floorwatch.event.Money;
import java.math.BigDecimal;
import org.apache.flink.util.Collector;

/**
 * {@code METER_VARIANCE} (SPEC 8.5): a snapshot's coin-in meter delta against the wagers of the machine's events in
 * its interval, as {@link MachineMeters} compared them ({@link Comparison}), fires when they differ by more than the
 * larger of {@code rules.meter-variance.min-amount} and {@code rules.meter-variance.ratio} x the delta.
 *
 * <p>Both keys change live (SPEC 8.1). {@link MachineMeters} is keyed and chained on the job's per-machine path, where a
 * second (broadcast) input would cost every wager a hop, so it only compares; this small function on its comparisons
 * (one per snapshot) applies the values in force when the watermark passes the snapshot: a change applies to the
 * snapshots compared after it.
 */
public final class MeterVariance extends LiveBroadcastFunction<MeterVariance.Comparison, Alert> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A snapshot compared with its interval's events (no coin-in reset). A Flink POJO. */
    public static class Comparison {
        public String machineId;
        public String floorSection;
        public String previousEventId;
        public long previousTime;
        public String eventId;
        public long time;
        /** The coin-in meter delta, cents. */
        public long meterDeltaCents;
        /** The sum of the interval's wagers, cents. */
        public long eventSumCents;

        public Comparison() {}
    }

    private transient long minCents;
    private transient BigDecimal ratio;

    public MeterVariance(FloorWatchConfig cfg, LiveValues live) {
        super(cfg, live, "meter-variance-live-values");
    }

    /** The keys this function follows live. */
    public static LiveValues live(ControlStreams control) {
        return LiveValues.settings(
                control, Options.Sas.METER_VARIANCE_MIN_AMOUNT.key(), Options.Sas.METER_VARIANCE_RATIO.key());
    }

    @Override
    protected void refresh() {
        minCents = live.get(cfg, Options.Sas.METER_VARIANCE_MIN_AMOUNT);
        ratio = live.get(cfg, Options.Sas.METER_VARIANCE_RATIO);
    }

    @Override
    public void processElement(Comparison c, ReadOnlyContext ctx, Collector<Alert> out) {
        Alert a = judge(c, minCents, ratio);
        if (a != null) out.collect(a);
    }

    /** The alert of one comparison with the given values, or null. */
    public static Alert judge(Comparison c, long minCents, BigDecimal ratio) {
        long diff = c.meterDeltaCents - c.eventSumCents;
        BigDecimal threshold = BigDecimal.valueOf(minCents).max(ratio.multiply(BigDecimal.valueOf(c.meterDeltaCents)));
        if (BigDecimal.valueOf(Math.abs(diff)).compareTo(threshold) <= 0) return null;
        ObjectNode details = JSON.createObjectNode()
                .put("previous_event_id", c.previousEventId)
                .put("event_id", c.eventId)
                .put("previous_snapshot_time", RuleSupport.iso(c.previousTime))
                .put("meter_delta", Money.toDollars(c.meterDeltaCents))
                .put("event_sum", Money.toDollars(c.eventSumCents))
                .put("difference", Money.toDollars(diff));
        return Alert.firing(
                Rules.METER_VARIANCE,
                Severity.HIGH,
                Rules.MACHINE,
                c.machineId,
                c.previousEventId + '|' + c.eventId,
                c.time,
                Math.abs(diff),
                "Coin-in meter of " + c.machineId + RuleSupport.sectionSuffix(c.floorSection)
                        + " differs from its events by " + Money.format(Math.abs(diff)) + " (meter "
                        + Money.format(c.meterDeltaCents) + ", events " + Money.format(c.eventSumCents) + ")",
                "Slot accounting to reconcile the machine's meters with its events (lost events or a meter fault)",
                details.toString());
    }
}
