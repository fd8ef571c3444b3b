package io.floorwatch.compliance;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.rules.LateEvents;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The compliance rules in one call: CTR_REQUIRED, SAR_STRUCTURING (both player alerts for the compliance
 * endpoint only) and W2G_REQUIRED (a machine alert for the floor). Equivalent to calling the three
 * {@code build} methods and unioning their alerts.
 */
public final class ComplianceRules {
    private ComplianceRules() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return CtrRequired.build(events, cfg, late)
                .union(SarStructuring.build(events, cfg, late), W2gRequired.build(events, cfg, late));
    }
}
