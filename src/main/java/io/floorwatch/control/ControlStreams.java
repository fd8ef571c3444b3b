package io.floorwatch.control;

import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.LiveKeys;
import io.floorwatch.event.RejectedEvent;
import io.floorwatch.event.StateCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The control topic and the watchlist inside the job (SPEC 8.1, 8.3): the single entry point for every operator that
 * follows live settings or the watchlist.
 *
 * <pre>{@code
 * ControlStreams control = ControlStreams.build(env, cfg, ControlBootstrap.read(cfg));
 * control.connect(events, new MyFunction(cfg, LiveValues.settings(control, "rules.x.y")), Out.class)
 * }</pre>
 *
 * Functions take their starting values from {@link #initialSettings()} / {@link #initialWatchlist()} (everything the
 * topics held at start, read before any floor event) and later changes from {@link #broadcast()} /
 * {@link #updates()}, in arrival order; {@link LiveValues} does the bookkeeping and the checkpointing.
 */
public final class ControlStreams {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControlStreams.class);

    /** The broadcast's state descriptor (the updates themselves; functions keep their values in {@link LiveValues}). */
    public static final MapStateDescriptor<String, ControlUpdate> BROADCAST_STATE =
            new MapStateDescriptor<>("control-updates", Types.STRING, TypeInformation.of(ControlUpdate.class));

    private final Map<String, String> initialSettings;
    private final Map<String, String> initialWatchlist;
    private final DataStream<ControlUpdate> updates;
    private final BroadcastStream<ControlUpdate> broadcast;
    private final DataStream<RuleChange> ruleChanges;
    private final DataStream<RejectedEvent> rejected;

    private ControlStreams(
            Map<String, String> initialSettings,
            Map<String, String> initialWatchlist,
            DataStream<ControlUpdate> updates,
            DataStream<RuleChange> ruleChanges,
            DataStream<RejectedEvent> rejected) {
        this.initialSettings = Collections.unmodifiableMap(new LinkedHashMap<>(initialSettings));
        this.initialWatchlist = Collections.unmodifiableMap(new LinkedHashMap<>(initialWatchlist));
        this.updates = updates;
        this.broadcast = updates.broadcast(BROADCAST_STATE);
        this.ruleChanges = ruleChanges;
        this.rejected = rejected;
    }

    public static ControlStreams build(StreamExecutionEnvironment env, FloorWatchConfig cfg, ControlInputs inputs) {
        DataStream<ControlRecord> records;
        if (inputs.kafka() != null) {
            records = env.fromSource(inputs.kafka(), ControlBootstrap.noFloorTime(), "source: control")
                    .uid("source-control")
                    .setParallelism(1);
        } else {
            // (a collection source cannot be empty: an empty stream is one no-op record, which the validator skips)
            List<ControlRecord> all = inputs.records().isEmpty() ? List.of(ControlRecord.NONE) : inputs.records();
            records = env.fromData(new ArrayList<>(all), TypeInformation.of(ControlRecord.class))
                    .uid("control-records")
                    .name("control and watchlist records");
        }
        SingleOutputStreamOperator<ControlUpdate> validator = records.process(
                        new ControlValidator(cfg, inputs.ends()), TypeInformation.of(ControlUpdate.class))
                .uid("control-validate")
                .name("control: validate and apply")
                .setParallelism(1)
                .setMaxParallelism(1);
        // control records carry no floor time: never hold back the watermark of the operators they reach
        DataStream<ControlUpdate> updates = validator
                .transform("control: no floor time", TypeInformation.of(ControlUpdate.class), new NoFloorTime<>())
                .uid("control-watermarks")
                .setParallelism(1);
        return new ControlStreams(
                inputs.initialSettings(),
                inputs.initialWatchlist(),
                updates,
                validator.getSideOutput(ControlValidator.RULE_CHANGES),
                validator.getSideOutput(ControlValidator.REJECTED));
    }

    /** No control topic, no watchlist: the configuration alone is in force (tests, the simulator without changes). */
    public static ControlStreams none(StreamExecutionEnvironment env, FloorWatchConfig cfg) {
        return build(env, cfg, ControlInputs.none());
    }

    /**
     * The configuration with the control values read at start laid over it ("control beats the config file"), for the
     * operators that take a setting once: every key {@link io.floorwatch.config.Options} knows. A value the
     * configuration no longer accepts together with the others (the file changed since) is left out, with a warning.
     */
    public FloorWatchConfig effective(FloorWatchConfig cfg) {
        Map<String, String> overlay = new LinkedHashMap<>();
        initialSettings.forEach((k, v) -> {
            if (v != null && LiveKeys.option(k).isPresent()) overlay.put(k, v);
        });
        if (overlay.isEmpty()) return cfg;
        try {
            return cfg.with(overlay);
        } catch (ConfigException e) {
            FloorWatchConfig out = cfg;
            for (Map.Entry<String, String> o : overlay.entrySet()) {
                try {
                    out = out.with(o.getKey(), o.getValue());
                } catch (ConfigException one) {
                    LOG.warn(
                            "Control value {}={} not laid over the configuration: {}",
                            o.getKey(),
                            o.getValue(),
                            one.getMessage());
                }
            }
            return out;
        }
    }

    /** Control values read at start, by canonical key (null = a deleted {@code offers.*} key). */
    public Map<String, String> initialSettings() {
        return initialSettings;
    }

    /** ACTIVE watchlist entries read at start: player id to list. */
    public Map<String, String> initialWatchlist() {
        return initialWatchlist;
    }

    /** Applied changes and watchlist entries after the start position, in arrival order (parallelism 1). */
    public DataStream<ControlUpdate> updates() {
        return updates;
    }

    /** {@link #updates()} broadcast to every subtask of the operators connected to it. */
    public BroadcastStream<ControlUpdate> broadcast() {
        return broadcast;
    }

    /**
     * {@code events} (not keyed) processed by {@code fn} with the control updates broadcast to it:
     * {@code events.connect(broadcast()).process(fn, type)}.
     */
    public <IN, OUT> SingleOutputStreamOperator<OUT> connect(
            DataStream<IN> events, BroadcastProcessFunction<IN, ControlUpdate, OUT> fn, Class<OUT> type) {
        return events.connect(broadcast).process(fn, TypeInformation.of(type));
    }

    /**
     * {@code events} processed by {@code fn} with the control updates broadcast to it, for functions with event-time
     * timers: unlike {@code events.connect(broadcast()).process(fn)}, the operator's event time is the events' alone, so
     * the control stream never holds a timer back, not even before its first watermark arrives.
     */
    public <K, IN, OUT> SingleOutputStreamOperator<OUT> process(
            KeyedStream<IN, K> events,
            KeyedBroadcastProcessFunction<K, IN, ControlUpdate, OUT> fn,
            TypeInformation<OUT> type) {
        return process(events, updates, fn, type, List.of(BROADCAST_STATE));
    }

    /** As {@link #process(KeyedStream, KeyedBroadcastProcessFunction, TypeInformation)}, with the function's own state. */
    public static <K, IN, OUT> SingleOutputStreamOperator<OUT> process(
            KeyedStream<IN, K> events,
            DataStream<ControlUpdate> updates,
            KeyedBroadcastProcessFunction<K, IN, ControlUpdate, OUT> fn,
            TypeInformation<OUT> type,
            List<MapStateDescriptor<?, ?>> broadcastStates) {
        return events.connect(updates.broadcast())
                .transform(fn.getClass().getSimpleName(), type, new EventTimeOfTheEvents<>(fn, broadcastStates));
    }

    /** One {@code rule_changes} row per change_id, APPLIED or REJECTED. */
    public DataStream<RuleChange> ruleChanges() {
        return ruleChanges;
    }

    /** Control messages that are no change at all, and bad watchlist entries: {@code rejected_events} rows. */
    public DataStream<RejectedEvent> rejected() {
        return rejected;
    }

    /**
     * Passes the control updates on as an idle stream, from the start (before any record) and for good: they carry no
     * floor time, so an operator they reach takes its clock from its other inputs alone. (A watermark at the end of
     * time instead would become the operator's clock whenever its other inputs go idle, a quiet floor, and fire every
     * timer as if the input had ended.)
     */
    static final class NoFloorTime<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
        @Override
        public void open() throws Exception {
            super.open();
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        }

        @Override
        public void processElement(StreamRecord<T> element) {
            output.collect(element);
        }

        @Override
        public void processWatermark(Watermark mark) {
            // no floor time
        }

        @Override
        public void processWatermarkStatus(WatermarkStatus status) {
            // idle for good
        }
    }

    /**
     * A keyed broadcast operator whose event time is that of its first (keyed) input alone ({@link #process}), and whose
     * function may keep its keyed state on the heap between checkpoints ({@link StateCache}).
     */
    static final class EventTimeOfTheEvents<K, IN, OUT>
            extends CoBroadcastWithKeyedOperator<K, IN, ControlUpdate, OUT> {
        private static final long serialVersionUID = 1L;

        private boolean started;
        private transient StateCache cache;

        EventTimeOfTheEvents(
                KeyedBroadcastProcessFunction<K, IN, ControlUpdate, OUT> fn,
                List<MapStateDescriptor<?, ?>> broadcastStates) {
            super(fn, broadcastStates);
        }

        @Override
        public void open() throws Exception {
            cache = StateCache.of(this);
            cache.opening(super::open);
            // the control side is idle from the start: it never holds the clock back, nor moves it
            super.processWatermarkStatus(WatermarkStatus.IDLE, 1);
            started = true;
        }

        @Override
        public void processElement1(StreamRecord<IN> element) throws Exception {
            if (cache.isFull()) cache.writeBackAndEmpty();
            super.processElement1(element);
        }

        /**
         * A broadcast function may read and change every key's state ({@code applyToKeyedState}), around the cache: all
         * written first, and read again after. Control updates are rare; the player function does not do it today.
         */
        @Override
        public void processElement2(StreamRecord<ControlUpdate> element) throws Exception {
            cache.writeBackAndEmpty();
            super.processElement2(element);
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            cache.writeBack();
        }

        @Override
        public void processWatermark2(Watermark mark) {
            // control updates carry no floor time
        }

        @Override
        protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
            if (index == 1 && started) return; // idle for good
            super.processWatermarkStatus(status, index);
        }
    }
}
