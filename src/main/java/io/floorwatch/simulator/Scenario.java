package io.floorwatch.simulator;

/**
 * A scenario staged on the floor: a multi-event story for the job to find (a jackpot and its handpay, an error burst, a
 * CTR's cash), planned from a block's random stream and placed into the blocks its events reach. One class per
 * scenario; {@link Schedule} says how often each starts, in the order they draw.
 */
@FunctionalInterface
interface Scenario {
    /** Stages its events (and machine holds) through the plan, drawing from the plan's random stream. */
    void stage(Plan plan);
}
