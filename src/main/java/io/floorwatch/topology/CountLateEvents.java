package io.floorwatch.topology;

import io.floorwatch.event.FloorEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Counts events that arrived behind the watermark of a window or pattern (metric {@code lateEvents}). */
public class CountLateEvents extends RichMapFunction<FloorEvent, FloorEvent> {
    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public FloorEvent map(FloorEvent e) {
        late.inc();
        return e;
    }
}
