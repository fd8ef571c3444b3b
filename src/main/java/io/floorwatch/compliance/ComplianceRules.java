package io.floorwatch.compliance;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The compliance rules in one call: CTR_REQUIRED, CTR_APPROACHING, SAR_STRUCTURING (player alerts for the compliance
 * endpoint only) and W2G_REQUIRED (a machine alert for the floor), plus the Title 31 tables of SPEC §8.4
 * ({@code mtl_entries}, {@code w2g_forms}). CTR, CTR_APPROACHING, the MTL and SAR share one player cash ledger
 * ({@link CtrRequired#ledger}): SAR's CEP runs on the transactions the ledger counted, so all judge the same
 * transactions, once each, in event-time order.
 */
public final class ComplianceRules {
    private ComplianceRules() {}

    /** What the compliance part of the graph produces. */
    public record Outputs(DataStream<Alert> alerts, DataStream<MtlEntry> mtlEntries, DataStream<W2gForm> w2gForms) {}

    /**
     * Builds the compliance part of the graph once (its uids are fixed); the CTR, CTR_APPROACHING, MTL and W-2G
     * thresholds follow the control topic (SPEC 8.1).
     */
    public static Outputs of(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        SingleOutputStreamOperator<Alert> ctr = CtrRequired.ledger(events, cfg, late, control);
        DataStream<Alert> sar = SarStructuring.fromCounted(ctr.getSideOutput(CtrRequired.COUNTED), cfg, late);
        SingleOutputStreamOperator<Alert> w2g = W2gRequired.build(events, cfg, late, control);
        DataStream<MtlEntry> mtl =
                ctr.getSideOutput(CtrRequired.MTL).union(MtlEntries.unattributed(events, cfg, control));
        return new Outputs(ctr.union(sar, w2g), mtl, w2g.getSideOutput(W2gRequired.FORMS));
    }

    /** As {@link #of} with the configuration's values only (no control topic). */
    public static Outputs of(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return of(events, cfg, late, ControlStreams.none(events.getExecutionEnvironment(), cfg));
    }

    /** The alerts only (the tables' streams are left unconsumed). */
    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return of(events, cfg, late).alerts();
    }
}
