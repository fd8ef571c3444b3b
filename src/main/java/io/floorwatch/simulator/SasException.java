package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;

/** One SAS exception that alerts on its own (SPEC 8.5): an integrity event or a door opened while powered off. */
final class SasException implements Scenario {
    /** RAM / EEPROM / EPROM errors (INTEGRITY_EVENT); 0x7A, soft meters reset, comes with {@link MeterReset}. */
    static final String[] INTEGRITY_CODES = {
        "0x31", "0x32", "0x33", "0x34", "0x35", "0x36", "0x37", "0x38", "0x39", "0x3A"
    };
    /** Card cage, slot door, cashbox door, drop door opened while powered off (POWER_OFF_ACCESS). */
    static final String[] POWER_OFF_CODES = {"0x98", "0x99", "0x9A", "0x9B"};

    private final String[] codes;

    SasException(String[] codes) {
        this.codes = codes;
    }

    @Override
    public void stage(Plan plan) {
        Machine m = plan.anyMachine();
        String code = codes[plan.nextInt(codes.length)];
        plan.add(plan.start(), Source.SLOT, m.id(), (j, t, rnd) -> {
            FloorEvents.slot(j, EventType.ERROR, m, rnd);
            j.raw("error_code", WireFormat.errorCode(code, rnd));
        });
    }
}
