package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.floor.MachineLocation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FloorLayoutTest {

    @Test
    void theFloorIsAFunctionOfItsArguments() {
        FloorLayout a = FloorLayout.generate(42, 240, 6, 24, 2000);
        FloorLayout b = FloorLayout.generate(42, 240, 6, 24, 2000);
        assertEquals(a.machines(), b.machines());
        assertEquals(a.tables(), b.tables());
        assertNotEquals(a.machines(), FloorLayout.generate(43, 240, 6, 24, 2000).machines());
    }

    @Test
    void machinesStandInLetteredSectionsOnDistinctSpots() {
        FloorLayout floor = FloorLayout.generate(42, 240, 6, 24, 2000);
        assertEquals(List.of("A", "B", "C", "D", "E", "F"), floor.sections());
        List<MachineLocation> locations = floor.machineLocations();
        assertEquals(240, locations.size());
        assertEquals("SM-0001", locations.get(0).machineId());
        assertEquals("SM-0240", locations.get(239).machineId());
        Set<String> spots = new HashSet<>();
        for (MachineLocation l : locations) {
            assertEquals(floor.sectionOf().get(l.machineId()), l.floorSection());
            assertTrue(spots.add(l.xCoord() + "," + l.yCoord()), "two machines on one spot: " + l.machineId());
            assertTrue(Set.of(1L, 5L, 25L, 100L, 500L).contains(l.denominationCents()), l.machineId());
        }
        for (String section : floor.sections()) {
            assertTrue(floor.sectionOf().containsValue(section), "every section has machines: " + section);
        }
        for (FloorLayout.Machine m : floor.machines()) {
            assertTrue(
                    m.holdBasisPoints() >= 400 && m.holdBasisPoints() <= 1200, m.id() + " hold " + m.holdBasisPoints());
        }
        assertEquals(24, floor.tables().size());
        assertEquals("TG-01", floor.tables().get(0).id());
        assertTrue(floor.tables().stream()
                        .map(FloorLayout.Table::gameType)
                        .distinct()
                        .count()
                >= 3);
    }

    @Test
    void oddSizesStillWork() {
        FloorLayout floor = FloorLayout.generate(1, 7, 30, 150, 1);
        assertEquals(7, floor.machineLocations().size());
        assertEquals("A2", FloorLayout.sectionName(26));
        assertEquals("TG-150", floor.tables().get(149).id());
        assertEquals("P-000001", FloorLayout.playerId(0));
    }
}
