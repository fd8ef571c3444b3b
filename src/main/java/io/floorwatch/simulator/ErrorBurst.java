package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;

/** A machine repeating one SAS fault: enough for MACHINE_ERRORS or MACHINE_CRITICAL, or a few glitches (no alert). */
final class ErrorBurst implements Scenario {
    /** SAS exception codes of error bursts: faults and other codes, the ones that count as errors (SPEC 8.5). */
    private static final String[] CODES = {
        "0x20", "0x21", "0x28", "0x29", "0x42", "0x60", "0x61", "0x3D", "0x84", "0x8C"
    };

    private enum Burst {
        /** MACHINE_ERRORS: more than 5 in 15 min, never more than 10 in 5 min. */
        ERRORS(6, 4, 6 * 60_000, 8 * 60_000),
        /** MACHINE_CRITICAL: more than 10 within 5 min. */
        CRITICAL(11, 6, 120_000, 150_000),
        /** A few glitches, no alert. */
        GLITCHES(3, 3, 5 * 60_000, 5 * 60_000);

        final int minErrors;
        final int moreErrors;
        final int minSpanMs;
        final int moreSpanMs;

        Burst(int minErrors, int moreErrors, int minSpanMs, int moreSpanMs) {
            this.minErrors = minErrors;
            this.moreErrors = moreErrors;
            this.minSpanMs = minSpanMs;
            this.moreSpanMs = moreSpanMs;
        }
    }

    private static final double[] BURST_SHARES = {0.4, 0.8};

    @Override
    public void stage(Plan plan) {
        Machine m = plan.popularMachine();
        long start = plan.start();
        Burst burst = Draw.below(plan.nextDouble(), BURST_SHARES, Burst.ERRORS, Burst.CRITICAL, Burst.GLITCHES);
        int n = burst.minErrors + plan.nextInt(burst.moreErrors);
        long spanMs = burst.minSpanMs + plan.nextInt(burst.moreSpanMs);
        String code = CODES[plan.nextInt(CODES.length)];
        for (int k = 0; k < n; k++) {
            long at = plan.after(start, spanMs * k / (n - 1));
            plan.add(at, Source.SLOT, m.id(), (j, t, rnd) -> {
                FloorEvents.slot(j, EventType.ERROR, m, rnd);
                j.raw("error_code", WireFormat.errorCode(code, rnd));
            });
        }
    }
}
