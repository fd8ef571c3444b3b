package io.floorwatch.simulator;

/**
 * Every scenario staged on the simulated floor and how often it starts: a chance per block of
 * {@link FloorSimulator#BLOCK} records at simulator.incident-rate 1 (at 500 events/s a block is 2 s of floor time).
 *
 * <p>The order is part of the output: the scenarios draw from a block's one random stream in this order, so a new
 * scenario goes last and the draws of the others, and the floor of a seed, stay as they were.
 */
enum Schedule {
    /** Every ~80 s at 500 events/s. */
    JACKPOT(1 / 40.0, new Jackpot()),
    REPEAT_JACKPOTS(1 / 1000.0, new RepeatJackpots()),
    /** Every ~3 min. */
    ERROR_BURST(1 / 100.0, new ErrorBurst()),
    SLOT_DOOR_OPEN(1 / 60.0, new SlotDoorOpen()),
    MACHINE_DARK(1 / 600.0, new MachineDark()),
    SHUFFLER_FAILURE(1 / 400.0, new ShufflerFailure()),
    /** Every ~8 min. */
    SECURITY_ALARM(1 / 250.0, new SecurityAlarm()),
    CAMERA_OUTAGE(1 / 200.0, new CameraOutage()),
    STRUCTURING(1 / 300.0, new Structuring()),
    CTR_CASH(1 / 250.0, new CtrCash()),
    SECTION_OUTAGE(1 / 900.0, new SectionOutage()),
    CTR_APPROACH(1 / 250.0, new CtrApproach()),
    // SPEC 8.5, rare on a real floor, often enough for the demo: an integrity event every ~20 min, a power-off access
    // every ~30 min, a RAM clear every ~40 min
    INTEGRITY_EVENT(1 / 600.0, new SasException(SasException.INTEGRITY_CODES)),
    POWER_OFF_ACCESS(1 / 900.0, new SasException(SasException.POWER_OFF_CODES)),
    METER_RESET(1 / 1200.0, new MeterReset()),
    METER_SNAPSHOTS(new MeterSnapshots()),
    /** Every ~2 min. */
    HIGH_ROLLER(1 / 60.0, new HighRoller());

    private final double perBlock;
    private final boolean everyBlock;
    private final Scenario scenario;

    /** An incident: starts in a block by a draw of its chance, scaled by the incident rate. */
    Schedule(double perBlock, Scenario scenario) {
        this.perBlock = perBlock;
        this.everyBlock = false;
        this.scenario = scenario;
    }

    /** A periodic scenario: in every block, without a draw. */
    Schedule(Scenario scenario) {
        this.perBlock = 1;
        this.everyBlock = true;
        this.scenario = scenario;
    }

    /** Stages the scenario if it starts in the plan's block. */
    void stageIfStarting(Plan plan) {
        if (everyBlock || plan.chance(perBlock)) scenario.stage(plan);
    }
}
