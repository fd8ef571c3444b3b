package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds alerts produced by a timeout (CEP timed-out partial matches) until floor time reaches their
 * {@code eventTime}, and drops them if it never does.
 *
 * <p>CEP times out every open partial match when the watermark jumps to {@code Long.MAX_VALUE} at the
 * end of a bounded input, but the end of the input is not the passing of time (SPEC §5). The topology's
 * floor clock first advances the watermark to the latest event time seen, then to MAX: an alert whose
 * deadline was reached by the former is released, one that only the jump to MAX "reached" is dropped.
 */
public final class FloorTimeGate extends KeyedProcessFunction<String, Alert, Alert> {
    private static final Comparator<Alert> FIRING_FIRST = Comparator.comparingLong((Alert a) -> a.eventTime)
            .thenComparing(a -> Alert.FIRING.equals(a.status) ? 0 : 1);

    private transient ListState<Alert> held;

    public static DataStream<Alert> gate(DataStream<Alert> timeoutAlerts, String uidPrefix) {
        return timeoutAlerts
                .keyBy(a -> a.alertId)
                .process(new FloorTimeGate())
                .uid(uidPrefix + "-floor-time-gate")
                .name(uidPrefix + " floor-time gate");
    }

    @Override
    public void open(OpenContext ctx) {
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held", TypeInformation.of(Alert.class)));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MAX_VALUE) return; // only the end of the input "reached" it
        if (alert.eventTime <= watermark) {
            out.collect(alert);
        } else {
            held.add(alert);
            ctx.timerService().registerEventTimeTimer(alert.eventTime);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        boolean reached = ctx.timerService().currentWatermark() != Long.MAX_VALUE;
        List<Alert> due = new ArrayList<>();
        List<Alert> later = new ArrayList<>();
        for (Alert a : held.get()) (a.eventTime <= timestamp ? due : later).add(a);
        if (reached) {
            // a firing and its resolve may share an id and a timestamp: the firing goes out first
            due.sort(FIRING_FIRST);
            due.forEach(out::collect);
        }
        if (later.isEmpty()) held.clear();
        else held.update(later);
    }
}
