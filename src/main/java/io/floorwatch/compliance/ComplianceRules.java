package io.floorwatch.compliance;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.rules.LateEvents;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The compliance rules in one call: CTR_REQUIRED, SAR_STRUCTURING (both player alerts for the compliance
 * endpoint only) and W2G_REQUIRED (a machine alert for the floor). CTR and SAR share one player cash ledger
 * ({@link CtrRequired#ledger}): SAR's CEP runs on the transactions the ledger counted, so both judge the same
 * transactions, once each, in event-time order.
 */
public final class ComplianceRules {
    private ComplianceRules() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return build(events, cfg, late, ControlStreams.none(events.getExecutionEnvironment(), cfg));
    }

    /** As above, W2G_REQUIRED following {@code rules.w2g.thresholds} through the control topic (SPEC 8.1). */
    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        SingleOutputStreamOperator<Alert> ctr = CtrRequired.ledger(events, cfg, late);
        DataStream<Alert> sar = SarStructuring.fromCounted(ctr.getSideOutput(CtrRequired.COUNTED), cfg, late);
        return ctr.union(sar, W2gRequired.build(events, cfg, late, control));
    }
}
