package io.floorwatch.floor;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Gives every slot event its {@code floor_section} (SPEC §5): from the event when present, else from
 * {@code machine_locations}, else {@code UNKNOWN}.
 */
public class FloorSections implements MapFunction<FloorEvent, FloorEvent> {
    public static final String UNKNOWN = "UNKNOWN";

    private final HashMap<String, String> sectionByMachine;

    public FloorSections(Map<String, MachineLocation> locations) {
        this.sectionByMachine = new HashMap<>();
        locations.forEach((machine, loc) -> sectionByMachine.put(machine, loc.floorSection()));
    }

    @Override
    public FloorEvent map(FloorEvent e) {
        if (e.source == Source.SLOT && e.floorSection == null) {
            e.floorSection = sectionByMachine.getOrDefault(e.machineId, UNKNOWN);
        }
        return e;
    }
}
