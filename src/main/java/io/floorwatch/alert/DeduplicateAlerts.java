package io.floorwatch.alert;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * At most one message per alert id and status: keyed by {@link Alert#messageKey()}, a repeat within the
 * retention is dropped, so a rule that derives the same evidence twice pages nobody twice.
 */
public class DeduplicateAlerts extends KeyedProcessFunction<String, Alert, Alert> {
    private final Duration retention;
    private transient ValueState<Boolean> sent;
    private transient Counter alerts;
    private transient Counter repeats;

    public DeduplicateAlerts(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("sent", Boolean.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(retention).build());
        sent = getRuntimeContext().getState(d);
        alerts = getRuntimeContext().getMetricGroup().counter("alertsRaised");
        repeats = getRuntimeContext().getMetricGroup().counter("alertsRepeatedDropped");
    }

    @Override
    public void processElement(Alert a, Context ctx, Collector<Alert> out) throws Exception {
        if (sent.value() != null) {
            repeats.inc();
            return;
        }
        sent.update(Boolean.TRUE);
        alerts.inc();
        out.collect(a);
    }
}
