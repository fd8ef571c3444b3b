package io.floorwatch.floor;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.FloorEventSerializer;
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

    /**
     * The same on a copy of each slot event that lacks its section: for a branch whose input also goes elsewhere (with
     * object reuse, no function changes a record it has passed on).
     */
    public static final class OnCopies implements MapFunction<FloorEvent, FloorEvent> {
        private final FloorSections sections;

        public OnCopies(Map<String, MachineLocation> locations) {
            this.sections = new FloorSections(locations);
        }

        @Override
        public FloorEvent map(FloorEvent e) {
            if (e.source != Source.SLOT || e.floorSection != null) return e;
            return sections.map(FloorEventSerializer.INSTANCE.copy(e));
        }
    }
}
