package io.floorwatch.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Collects the late-event side outputs of the event-time operators (windows, CEP) while the graph is
 * built, so the topology can count them in one place: late events are counted, never dropped silently
 * (they still reach the raw tables, which are written before any event-time operator).
 */
public final class LateEvents {
    /** The side-output tag every event-time operator uses for events behind the watermark. */
    public static final OutputTag<FloorEvent> TAG =
            new OutputTag<>("late-events", TypeInformation.of(FloorEvent.class));

    private final List<DataStream<FloorEvent>> streams = new ArrayList<>();

    /** {@code operator}, with its late events ({@link #TAG}) collected: {@code return late.collectFrom(alerts);}. */
    public <T, O extends SingleOutputStreamOperator<T>> O collectFrom(O operator) {
        streams.add(operator.getSideOutput(TAG));
        return operator;
    }

    /** All collected late streams as one, if any. */
    public Optional<DataStream<FloorEvent>> union() {
        if (streams.isEmpty()) return Optional.empty();
        DataStream<FloorEvent> all = streams.get(0);
        for (int i = 1; i < streams.size(); i++) all = all.union(streams.get(i));
        return Optional.of(all);
    }
}
