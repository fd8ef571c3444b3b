package io.floorwatch.floor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a real floor's layout: CSV lines {@code machine_id,floor_section,x_coord,y_coord} (a header line is skipped). */
public final class MachineLocations {
    private MachineLocations() {}

    public static Map<String, MachineLocation> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("floor.locations-file: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, MachineLocation> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || (n == 1 && l.toLowerCase().startsWith("machine_id"))) continue;
            String[] p = l.split(",");
            if (p.length < 4) {
                throw new IllegalArgumentException(
                        "floor.locations-file: line " + n + " needs machine_id,floor_section,x_coord,y_coord");
            }
            try {
                out.put(
                        p[0].strip(),
                        new MachineLocation(
                                p[0].strip(),
                                p[1].strip(),
                                Integer.parseInt(p[2].strip()),
                                Integer.parseInt(p[3].strip()),
                                0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "floor.locations-file: line " + n + ": x_coord and y_coord must be whole numbers");
            }
        }
        return out;
    }
}
