package io.floorwatch.rules;

import io.floorwatch.floor.FloorSections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.event.FloorEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

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
        if (s % 3600 >= 60) b.append(b.isEmpty() ? "" : " ").append(s % 3600 / 60).append(" min");
        if (s % 60 != 0 || s == 0) b.append(b.isEmpty() ? "" : " ").append(s % 60).append(" s");
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
        return section == null || section.isEmpty() || section.equals(FloorSections.UNKNOWN) ? "" : " (section " + section + ")";
    }
}
