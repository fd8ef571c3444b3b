package io.floorwatch.topology;

import io.floorwatch.control.ControlUpdate;
import io.floorwatch.control.LiveTags;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.rules.JackpotRule;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
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
 *
 * <p>{@link After} also judges each event once with the live values in force ({@link LiveTags}: SAS categories, jackpot
 * payouts), so its broadcast input carries the control updates too ({@link #SIGNALS}): it is the first operator after
 * the shuffle and a two-input operator already, so following the control stream here breaks no chain.
 */
public final class FloorClock {
    /** The latest event time one upstream subtask saw, sent once, at the end of its input. */
    public static final OutputTag<Long> LATEST = new OutputTag<>("floor-clock-latest", Types.LONG);

    /** The broadcast input of {@link After}: an upstream subtask's latest event time, or a control update. */
    public static final TypeInformation<Either<Long, ControlUpdate>> SIGNALS =
            new EitherTypeInfo<>(Types.LONG, TypeInformation.of(ControlUpdate.class));

    private FloorClock() {}

    public static Either<Long, ControlUpdate> latest(Long latestEventTime) {
        return Either.Left(latestEventTime);
    }

    public static Either<Long, ControlUpdate> update(ControlUpdate u) {
        return Either.Right(u);
    }

    /**
     * The floor clock around a shuffle of the events ({@code shuffle}: the job's one shuffle to each entity, or none in
     * tests): the first half, the shuffle, and the second half, whose broadcast input carries each upstream subtask's
     * latest event time and the control updates ({@code tags} judges each event with the live values in force).
     */
    public static SingleOutputStreamOperator<FloorEvent> around(
            DataStream<FloorEvent> events,
            UnaryOperator<DataStream<FloorEvent>> shuffle,
            DataStream<ControlUpdate> updates,
            LiveTags tags) {
        SingleOutputStreamOperator<FloorEvent> clocked = events.transform(
                        "floor clock", TypeInformation.of(FloorEvent.class), new Before())
                .uid("floor-clock")
                .setBufferTimeout(JackpotRule.ALERT_PATH_FLUSH_MS); // every event crosses the shuffle after it
        DataStream<Either<Long, ControlUpdate>> signals = clocked.getSideOutput(LATEST)
                .map(FloorClock::latest, SIGNALS)
                .uid("floor-clock-latest")
                .name("floor clock: latest event time")
                .union(updates.map(FloorClock::update, SIGNALS)
                        .uid("floor-clock-control")
                        .name("floor clock: control updates")
                        .setParallelism(1))
                .broadcast();
        return shuffle.apply(clocked)
                .connect(signals)
                .transform("floor time at the end of input", TypeInformation.of(FloorEvent.class), new After(tags))
                .uid("floor-clock-end");
    }

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

    /**
     * After the shuffle: judges and forwards the events ({@link LiveTags}); before the final watermark, advances to the
     * latest time of all input.
     */
    public static final class After extends AbstractStreamOperator<FloorEvent>
            implements TwoInputStreamOperator<FloorEvent, Either<Long, ControlUpdate>, FloorEvent> {
        private final LiveTags tags;
        private long latestEventTime = Long.MIN_VALUE;
        private long currentWatermark = Long.MIN_VALUE;
        private boolean eventsEnded;
        private boolean signalsEnded;

        public After(LiveTags tags) {
            this.tags = tags;
        }

        @Override
        public void initializeState(StateInitializationContext ctx) throws Exception {
            super.initializeState(ctx);
            tags.initialize(ctx, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        }

        @Override
        public void snapshotState(StateSnapshotContext ctx) throws Exception {
            super.snapshotState(ctx);
            tags.snapshot();
        }

        @Override
        public void processElement1(StreamRecord<FloorEvent> element) {
            tags.tag(element.getValue());
            output.collect(element);
        }

        @Override
        public void processElement2(StreamRecord<Either<Long, ControlUpdate>> signal) {
            Either<Long, ControlUpdate> s = signal.getValue();
            if (s.isLeft()) latestEventTime = Math.max(latestEventTime, s.left());
            else tags.apply(s.right());
        }

        /**
         * Floor time is the events' own watermark (input 1), as it arrives: the signals' watermark (input 2, a separate
         * channel that may lag) would only hold it back at random. Only their end counts: the final watermark passes
         * once both inputs have ended, so every upstream subtask's latest time is in by then.
         */
        @Override
        public void processWatermark1(Watermark mark) throws Exception {
            if (mark.getTimestamp() != Long.MAX_VALUE) {
                processWatermark(mark);
                return;
            }
            eventsEnded = true;
            if (signalsEnded) processWatermark(mark);
        }

        @Override
        public void processWatermark2(Watermark mark) throws Exception {
            if (mark.getTimestamp() != Long.MAX_VALUE) return;
            signalsEnded = true;
            if (eventsEnded) processWatermark(mark);
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
