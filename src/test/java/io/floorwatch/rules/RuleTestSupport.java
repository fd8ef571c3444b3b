package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveTags;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import io.floorwatch.topology.FloorClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fixed instants, event factories and a small bounded MiniCluster runner for the rule tests. */
abstract class RuleTestSupport {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    /** 2026-11-22 20:00:00 UTC: the start of every scripted scenario. */
    static final long T0 = Instant.parse("2026-11-22T20:00:00Z").toEpochMilli();
    /** The bounded out-of-orderness of the test watermarks (the default watermark.max-out-of-orderness). */
    static final long BOUND = 5_000;

    static final String LATE = "__LATE__";

    static long min(double m) {
        return Math.round(m * 60_000);
    }

    static long sec(double s) {
        return Math.round(s * 1000);
    }

    static FloorWatchConfig cfg(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", "localhost:9092");
        for (int i = 0; i + 1 < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return FloorWatchConfig.of(m);
    }

    static FloorEvent slot(String id, String machine, String type, long time) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SLOT;
        e.eventId = id;
        e.eventType = type;
        e.eventTime = time;
        e.entityId = machine;
        e.machineId = machine;
        e.floorSection = "B";
        e.ingestTime = time;
        e.topic = "slot-telemetry";
        return e;
    }

    static FloorEvent jackpot(String id, String machine, long time, long payoutCents) {
        FloorEvent e = slot(id, machine, "JACKPOT", time);
        e.payoutCents = payoutCents;
        return e;
    }

    static FloorEvent hopper(String id, String machine, long time, double level) {
        FloorEvent e = slot(id, machine, "HOPPER_STATUS", time);
        e.hopperLevel = level;
        return e;
    }

    static FloorEvent table(String id, String tableId, String type, long time) {
        FloorEvent e = new FloorEvent();
        e.source = Source.TABLE;
        e.eventId = id;
        e.eventType = type;
        e.eventTime = time;
        e.entityId = tableId;
        e.tableId = tableId;
        e.gameType = "BLACKJACK";
        e.ingestTime = time;
        e.topic = "table-games";
        return e;
    }

    static FloorEvent security(String id, String location, String type, String machine, long time) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SECURITY;
        e.eventId = id;
        e.eventType = type;
        e.eventTime = time;
        e.entityId = location;
        e.locationId = location;
        e.machineId = machine;
        e.ingestTime = time;
        e.topic = "security-events";
        return e;
    }

    /** A heartbeat of an unrelated machine that moves floor time to {@code time}. */
    static FloorEvent clock(long time) {
        return slot("clock@" + time, "CLOCK", "HEARTBEAT", time);
    }

    /** Alerts of the run; late events appear as pseudo alerts with rule {@link #LATE} and entity = event id. */
    static List<Alert> run(
            List<FloorEvent> events, BiFunction<DataStream<FloorEvent>, LateEvents, DataStream<Alert>> rule)
            throws Exception {
        StreamExecutionEnvironment env = env();
        DataStream<FloorEvent> input = withFloorClock(env.fromData(events, TypeInformation.of(FloorEvent.class))
                .uid("test-source")
                .assignTimestampsAndWatermarks(everyEvent(BOUND))
                .uid("test-watermarks"));
        LateEvents late = new LateEvents();
        DataStream<Alert> alerts = rule.apply(input, late);
        DataStream<Alert> all = late.union()
                .map(l -> l.map(RuleTestSupport::latePseudoAlert, TypeInformation.of(Alert.class))
                        .uid("test-late")
                        .union(alerts))
                .orElse(alerts);
        return collect(all);
    }

    /** The job's own floor clock (both halves, as in the topology, with no shuffle between them), on the defaults. */
    static DataStream<FloorEvent> withFloorClock(DataStream<FloorEvent> in) {
        return withFloorClock(in, ControlStreams.none(in.getExecutionEnvironment(), cfg()));
    }

    /** The same, following the graph's {@code control} streams (one per graph: their uids are fixed). */
    static DataStream<FloorEvent> withFloorClock(DataStream<FloorEvent> in, ControlStreams control) {
        return FloorClock.around(in, events -> events, control.updates(), LiveTags.of(cfg(), control));
    }

    /** Parallelism 1, and the job's own strictness: no Kryo, no auto-generated uids. */
    static StreamExecutionEnvironment env() {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
        conf.set(org.apache.flink.configuration.PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static Alert latePseudoAlert(FloorEvent e) {
        Alert a = new Alert();
        a.rule = LATE;
        a.entityId = e.eventId;
        a.status = LATE;
        return a;
    }

    /** Bounded out-of-orderness, emitted after every event so that scripted tests are deterministic. */
    static <T extends FloorEvent> WatermarkStrategy<T> everyEvent(long bound) {
        return WatermarkStrategy.<T>forGenerator(ctx -> new WatermarkGenerator<>() {
                    long max = Long.MIN_VALUE + bound + 1;

                    @Override
                    public void onEvent(T event, long ts, WatermarkOutput out) {
                        max = Math.max(max, ts);
                        out.emitWatermark(new Watermark(max - bound - 1));
                    }

                    @Override
                    public void onPeriodicEmit(WatermarkOutput out) {}
                })
                .withTimestampAssigner((e, ts) -> e.eventTime);
    }

    static List<Alert> of(List<Alert> alerts, String entity) {
        return alerts.stream().filter(a -> entity.equals(a.entityId)).toList();
    }

    static List<String> lateIds(List<Alert> alerts) {
        return alerts.stream()
                .filter(a -> LATE.equals(a.rule))
                .map(a -> a.entityId)
                .toList();
    }

    static List<Alert> real(List<Alert> alerts) {
        return alerts.stream().filter(a -> !LATE.equals(a.rule)).toList();
    }

    /** The events in event-time order (stable): the arrival order of an in-order stream. */
    @SafeVarargs
    static List<FloorEvent> inOrder(FloorEvent... events) {
        List<FloorEvent> l = new ArrayList<>(Arrays.asList(events));
        l.sort(java.util.Comparator.comparingLong(e -> e.eventTime));
        return l;
    }

    @SafeVarargs
    static <T> List<T> list(T... xs) {
        return new ArrayList<>(Arrays.asList(xs));
    }

    static Duration d(long ms) {
        return Duration.ofMillis(ms);
    }
}
