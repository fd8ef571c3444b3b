package io.floorwatch.topology;

import io.floorwatch.event.FloorEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The floor's event-time clock, in two halves around the job's one shuffle. Floor time is the watermark, except at the
 * end of a bounded input: before the final {@code Long.MAX_VALUE} watermark (which closes the windows) floor time first
 * advances to the latest event time of the whole input. Operators with timeouts fire every deadline reached by that
 * floor time, and recognise the final watermark as "end of input, not the passing of time" (SPEC §5): a deadline still
 * pending then is dropped, not fired.
 *
 * <p>Each subtask before the shuffle ({@link Before}) sees only part of the input, so at its end it sends its latest
 * event time to every subtask after the shuffle ({@link #LATEST}, broadcast). {@link After} receives the final watermark
 * only once every upstream subtask has ended, so by then it knows the latest time of the whole input and every subtask
 * advances to the same floor time. (Advancing each upstream subtask to its own latest made the final floor time that of
 * whichever finished last: bounded runs fired end-of-run timeouts or not, from run to run.)
 */
public final class FloorClock {
    /** The latest event time one upstream subtask saw, sent once, at the end of its input. */
    public static final OutputTag<Long> LATEST = new OutputTag<>("floor-clock-latest", Types.LONG);

    private FloorClock() {}

    /** Before the shuffle: forwards events and watermarks; reports the event-time lag and, at the end, its latest time. */
    public static final class Before extends AbstractStreamOperator<FloorEvent>
            implements OneInputStreamOperator<FloorEvent, FloorEvent> {
        private long latestEventTime = Long.MIN_VALUE;
        private long currentWatermark = Long.MIN_VALUE;

        @Override
        public void open() throws Exception {
            super.open();
            getMetricGroup()
                    .gauge(
                            "eventTimeLagMs",
                            () -> currentWatermark == Long.MIN_VALUE || currentWatermark == Long.MAX_VALUE
                                    ? 0L
                                    : System.currentTimeMillis() - currentWatermark);
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
            if (mark.getTimestamp() == Long.MAX_VALUE && latestEventTime != Long.MIN_VALUE) {
                output.collect(LATEST, new StreamRecord<>(latestEventTime));
            }
            currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
            super.processWatermark(mark);
        }
    }

    /** After the shuffle: forwards the events; before the final watermark, advances to the latest time of all input. */
    public static final class After extends AbstractStreamOperator<FloorEvent>
            implements TwoInputStreamOperator<FloorEvent, Long, FloorEvent> {
        private long latestEventTime = Long.MIN_VALUE;
        private long currentWatermark = Long.MIN_VALUE;

        @Override
        public void processElement1(StreamRecord<FloorEvent> element) {
            output.collect(element);
        }

        @Override
        public void processElement2(StreamRecord<Long> latest) {
            latestEventTime = Math.max(latestEventTime, latest.getValue());
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            if (mark.getTimestamp() == Long.MAX_VALUE && latestEventTime > currentWatermark) {
                currentWatermark = latestEventTime;
                super.processWatermark(new Watermark(latestEventTime));
            }
            currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
            super.processWatermark(mark);
        }
    }
}
