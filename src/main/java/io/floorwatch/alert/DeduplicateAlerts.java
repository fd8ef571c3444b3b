package io.floorwatch.alert;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * At most one message per alert id and status: a repeat within the retention is dropped, so a rule that derives
 * the same evidence twice pages nobody twice. Keyed by alert id (not id and status), so a firing and its resolve
 * travel the same path and reach the sinks in order.
 */
public class DeduplicateAlerts extends KeyedProcessFunction<String, Alert, Alert> {
    private final Duration retention;
    private transient ValueState<String> sentStatuses;
    private transient Counter alerts;
    private transient Counter repeats;

    public DeduplicateAlerts(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<String> d = new ValueStateDescriptor<>("sent-statuses", String.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(retention).build());
        sentStatuses = getRuntimeContext().getState(d);
        alerts = getRuntimeContext().getMetricGroup().counter("alertsRaised");
        repeats = getRuntimeContext().getMetricGroup().counter("alertsRepeatedDropped");
    }

    @Override
    public void processElement(Alert a, Context ctx, Collector<Alert> out) throws Exception {
        String sent = sentStatuses.value();
        if (sent != null && sent.contains(a.status)) { // "firing", "resolved" or both: neither contains the other
            repeats.inc();
            return;
        }
        sentStatuses.update(sent == null ? a.status : sent + "," + a.status);
        alerts.inc();
        out.collect(a);
    }
}
