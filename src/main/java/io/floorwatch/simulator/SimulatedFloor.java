package io.floorwatch.simulator;

/**
 * What staged scenarios and background play see of the simulated floor: its layout, which machines play picks, its
 * clock, who is carded in where, which machines are held, their SAS meters, and how events look.
 */
record SimulatedFloor(
        SimulatorSettings settings,
        FloorLayout layout,
        PopularMachines popular,
        RecordTimes clock,
        CardSessions sessions,
        MachineHolds holds,
        SasMeters meters,
        FloorEvents events) {}
