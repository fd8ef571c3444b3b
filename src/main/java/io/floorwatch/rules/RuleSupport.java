package io.floorwatch.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.event.EntityKey;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.floor.FloorSections;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Small helpers shared by the rules: the details JSON, readable durations and instants. */
final class RuleSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleSupport() {}

    /** A JSON object from alternating keys and values (String, Number, Boolean, Collection of those, or null). */
    static String details(Object... keyValues) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String k = (String) keyValues[i];
            Object v = keyValues[i + 1];
            if (v == null) o.putNull(k);
            else if (v instanceof Collection<?> c) {
                ArrayNode a = o.putArray(k);
                for (Object x : c) a.add(String.valueOf(x));
            } else if (v instanceof Integer n) o.put(k, n);
            else if (v instanceof Long n) o.put(k, n);
            else if (v instanceof Double n) o.put(k, n);
            else if (v instanceof Boolean b) o.put(k, b);
            else o.put(k, String.valueOf(v));
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "10 min", "60 s", "1 h 30 min": for summaries. */
    static String human(Duration d) {
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) b.append(s / 3600).append(" h");
        if (s % 3600 >= 60)
            b.append(b.isEmpty() ? "" : " ").append(s % 3600 / 60).append(" min");
        if (s % 60 != 0 || s == 0)
            b.append(b.isEmpty() ? "" : " ").append(s % 60).append(" s");
        return b.toString();
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    static List<String> ids(List<FloorEvent> events) {
        return events.stream().map(e -> e.eventId).toList();
    }

    static String machineOf(FloorEvent e) {
        return e.machineId != null ? e.machineId : e.entityId;
    }

    static String sectionSuffix(String section) {
        return section == null || section.isEmpty() || section.equals(FloorSections.UNKNOWN)
                ? ""
                : " (section " + section + ")";
    }

    /**
     * The CEP shape shared by the burst rules: {@code count} events of one entity within {@code window}, in event
     * time, skipPastLastEvent (a further event fires again only as part of a new full set), late events to the
     * {@link LateEvents} side output. The input is already filtered to the events the pattern can use.
     */
    static SingleOutputStreamOperator<Alert> countWithin(
            DataStream<FloorEvent> events,
            DataStream<FloorEvent> filtered,
            int count,
            BurstAlert fire,
            String uid,
            String name) {
        Pattern<FloorEvent, FloorEvent> pattern = Pattern.<FloorEvent>begin(
                        BURST, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(e -> true))
                .times(count)
                .within(fire.window);
        return CEP.pattern(EntityKey.keyed(events, filtered), pattern)
                .sideOutputLateData(LateEvents.TAG)
                .process(fire, TypeInformation.of(Alert.class))
                .uid(uid)
                .name(name);
    }

    /** The name of the pattern stage of {@link #countWithin}: {@code match.get(BURST)} holds the events. */
    static final String BURST = "burst";
}
