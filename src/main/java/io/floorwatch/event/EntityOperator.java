package io.floorwatch.event;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.util.FunctionUtils;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.OutputTag;

/**
 * The per-entity operator: the one keyed operator after the job's shuffle that runs, for each event of an entity,
 * everything that reads every event of it. First duplicate detection ({@link DeduplicateEvents}) and the enrichment
 * every output shares (the floor section); then each hosted {@link Part} that reads the event (machine_minute,
 * table_minute, MACHINE_OFFLINE, the SAS meters); then the event goes on, on the main output, to the raw tables and
 * the rules that read only some events.
 *
 * <p>Why one operator: each of these was an operator of its own, chained. Every keyed operator sets the key of every
 * event it receives, which for RocksDB means serializing it (a tenth of the chain's CPU), and each had a RocksDB
 * instance of its own, flushed in the task thread at every checkpoint. Here the key is set once per event, the parts'
 * states share one RocksDB instance, and an event reaches only the parts that read it, without a chain of filters.
 *
 * <p>The parts' state can be kept on the heap between checkpoints ({@link StateCache}, a per-key mini-batch), written
 * back at each checkpoint before the keyed state is snapshotted.
 *
 * <p>A part is an ordinary {@link KeyedProcessFunction} (its unit tests run it alone) with a timer service of its own,
 * so no part sees another's timers, and its main output on a side output of this operator ({@link Part#output}); what
 * it writes to other side outputs (late events, deltas) comes out of this operator under the same tags. The parts share
 * this operator's keyed state, so their state names must differ.
 */
public final class EntityOperator extends AbstractStreamOperator<FloorEvent>
        implements OneInputStreamOperator<FloorEvent, FloorEvent> {
    private static final long serialVersionUID = 1L;

    /**
     * A function hosted in the operator.
     *
     * @param timers the name of its timer service (in checkpoints: keep it stable)
     * @param reads the events it is given
     * @param function the function
     * @param output the side output its main output goes to
     */
    public record Part<R>(
            String timers,
            FilterFunction<FloorEvent> reads,
            KeyedProcessFunction<String, FloorEvent, R> function,
            OutputTag<R> output)
            implements Serializable {}

    private final KeyedProcessFunction<String, FloorEvent, FloorEvent> deduplicate;
    private final MapFunction<FloorEvent, FloorEvent> enrich;
    private final List<Part<?>> parts;
    private transient Hosted<FloorEvent> front;
    private transient Hosted<?>[] hosted;
    private transient StateCache cache;

    /**
     * @param deduplicate passes on each event it keeps (to {@code enrich}, the parts and the main output)
     * @param enrich applied to each kept event before anything reads it
     */
    public EntityOperator(
            KeyedProcessFunction<String, FloorEvent, FloorEvent> deduplicate,
            MapFunction<FloorEvent, FloorEvent> enrich,
            List<Part<?>> parts) {
        this.deduplicate = deduplicate;
        this.enrich = enrich;
        this.parts = List.copyOf(parts);
    }

    @Override
    public void open() throws Exception {
        super.open();
        cache = StateCache.of(this);
        front = new Hosted<>(new Part<>("deduplicate-timers", e -> true, deduplicate, null), this::kept, null);
        hosted = new Hosted<?>[parts.size()];
        for (int i = 0; i < hosted.length; i++) hosted[i] = new Hosted<>(parts.get(i), null, cache);
    }

    /** As Flink's function operators do: a front function that asks learns whether the state was restored. */
    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (deduplicate instanceof CheckpointedFunction f) f.initializeState(context);
    }

    /** The parts' cached state goes into the checkpoint: written back before the keyed state is snapshotted. */
    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (deduplicate instanceof CheckpointedFunction f) f.snapshotState(context);
        cache.writeBack();
    }

    @Override
    public void processElement(StreamRecord<FloorEvent> element) throws Exception {
        if (cache.isFull()) cache.writeBackAndEmpty();
        front.process(element);
    }

    /** An event {@link #deduplicate} kept: enriched, given to the parts that read it, then passed on. */
    private void kept(FloorEvent event, StreamRecord<FloorEvent> record) throws Exception {
        FloorEvent e = enrich.map(event);
        record.replace(e);
        for (Hosted<?> h : hosted) {
            if (h.part.reads().filter(e)) h.process(record);
        }
        output.collect(record);
    }

    @Override
    public void close() throws Exception {
        try {
            FunctionUtils.closeFunction(deduplicate);
            for (Part<?> p : parts) FunctionUtils.closeFunction(p.function());
        } finally {
            super.close();
        }
    }

    /** What the front function's main output does with a kept event and the record it came in. */
    private interface Emit<R> {
        void emit(R value, StreamRecord<FloorEvent> in) throws Exception;
    }

    /** A part: its function opened on this operator's runtime context, its timer service, its contexts. */
    private final class Hosted<R> implements Triggerable<String, VoidNamespace> {
        final Part<R> part;
        final TimerService timers;
        final Collector<R> out;
        StreamRecord<FloorEvent> element;
        InternalTimer<String, VoidNamespace> timer;
        TimeDomain domain;
        private final KeyedProcessFunction<String, FloorEvent, R>.OnTimerContext context;

        /**
         * @param emit where the function's main output goes; null: to the part's side output
         * @param cache takes the states the function wraps ({@link StateCache}); null: none
         */
        Hosted(Part<R> part, Emit<R> emit, StateCache cache) throws Exception {
            this.part = part;
            KeyedProcessFunction<String, FloorEvent, R> f = part.function();
            FunctionUtils.setFunctionRuntimeContext(f, getRuntimeContext());
            if (cache == null) FunctionUtils.openFunction(f, DefaultOpenContext.INSTANCE);
            else cache.opening(() -> FunctionUtils.openFunction(f, DefaultOpenContext.INSTANCE));
            timers = new SimpleTimerService(
                    getInternalTimerService(part.timers(), VoidNamespaceSerializer.INSTANCE, this));
            out = new Collector<>() {
                @Override
                public void collect(R value) {
                    if (emit == null) {
                        sideOutput(part.output(), value);
                        return;
                    }
                    try {
                        emit.emit(value, element);
                    } catch (Exception ex) {
                        ExceptionUtils.rethrow(ex);
                    }
                }

                @Override
                public void close() {}
            };
            // one context for both: an OnTimerContext is a Context (the key is the operator's for a timer too)
            context = f.new OnTimerContext() {
                @Override
                public Long timestamp() {
                    if (element == null) return timer.getTimestamp();
                    return element.hasTimestamp() ? element.getTimestamp() : null;
                }

                @Override
                public TimerService timerService() {
                    return timers;
                }

                @Override
                public <X> void output(OutputTag<X> tag, X value) {
                    sideOutput(tag, value);
                }

                @Override
                public TimeDomain timeDomain() {
                    return domain;
                }

                @Override
                public String getCurrentKey() {
                    return (String) EntityOperator.this.getCurrentKey();
                }
            };
        }

        void process(StreamRecord<FloorEvent> record) throws Exception {
            element = record;
            try {
                part.function().processElement(record.getValue(), context, out);
            } finally {
                element = null;
            }
        }

        /** {@code value} on {@code tag}, stamped with the time of the record or timer being handled. */
        <X> void sideOutput(OutputTag<X> tag, X value) {
            if (element != null) {
                output.collect(
                        tag,
                        element.hasTimestamp()
                                ? new StreamRecord<>(value, element.getTimestamp())
                                : new StreamRecord<>(value));
            } else if (domain == TimeDomain.EVENT_TIME) {
                output.collect(tag, new StreamRecord<>(value, timer.getTimestamp()));
            } else {
                output.collect(tag, new StreamRecord<>(value));
            }
        }

        @Override
        public void onEventTime(InternalTimer<String, VoidNamespace> t) throws Exception {
            fire(t, TimeDomain.EVENT_TIME);
        }

        @Override
        public void onProcessingTime(InternalTimer<String, VoidNamespace> t) throws Exception {
            fire(t, TimeDomain.PROCESSING_TIME);
        }

        private void fire(InternalTimer<String, VoidNamespace> t, TimeDomain d) throws Exception {
            timer = t;
            domain = d;
            try {
                part.function().onTimer(t.getTimestamp(), context, out);
            } finally {
                timer = null;
                domain = null;
            }
        }
    }
}
