package io.floorwatch.topology;

import io.floorwatch.event.FloorEvent;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The floor's event-time clock. It forwards events and watermarks unchanged, except at the end of a
 * bounded input: before the final {@code Long.MAX_VALUE} watermark (which closes the windows) it first
 * advances the watermark to the latest event time it has seen. Operators with timeouts fire every deadline
 * reached by that floor time, and recognise the final watermark as "end of input, not the passing of
 * time" (SPEC §5): a deadline still pending then is dropped, not fired.
 *
 * <p>Also reports the event-time lag (wall clock minus watermark) as a gauge.
 */
public class FloorClock extends AbstractStreamOperator<FloorEvent> implements OneInputStreamOperator<FloorEvent, FloorEvent> {
    private long latestEventTime = Long.MIN_VALUE;
    private long currentWatermark = Long.MIN_VALUE;

    @Override
    public void open() throws Exception {
        super.open();
        getMetricGroup().gauge("eventTimeLagMs", () -> currentWatermark == Long.MIN_VALUE || currentWatermark == Long.MAX_VALUE
                ? 0L : System.currentTimeMillis() - currentWatermark);
        getMetricGroup().gauge("latestEventTime", () -> latestEventTime);
    }

    @Override
    public void processElement(StreamRecord<FloorEvent> element) {
        long t = element.getValue().eventTime;
        if (t > latestEventTime) latestEventTime = t;
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && latestEventTime > currentWatermark && latestEventTime != Long.MIN_VALUE) {
            currentWatermark = latestEventTime;
            super.processWatermark(new Watermark(latestEventTime));
        }
        currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
        super.processWatermark(mark);
    }
}
