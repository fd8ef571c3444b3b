package io.floorwatch.topology;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.floor.MachineLocation;
import io.floorwatch.floor.MachineLocations;
import io.floorwatch.simulator.FloorLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The floor layout for {@code machine_locations}: a real floor's CSV, else the simulator's own floor, else none. */
public final class FloorLayouts {
    private FloorLayouts() {}

    public static Map<String, MachineLocation> locations(FloorWatchConfig cfg) {
        String file = cfg.get(Options.FLOOR_LOCATIONS_FILE);
        if (!file.isBlank()) return MachineLocations.readCsv(Path.of(file));
        if (cfg.get(Options.SOURCES_MODE).equals("simulator")) {
            Map<String, MachineLocation> byMachine = new LinkedHashMap<>();
            for (MachineLocation m : FloorLayout.fromConfig(cfg).machineLocations()) byMachine.put(m.machineId(), m);
            return byMachine;
        }
        return Map.of();
    }
}
