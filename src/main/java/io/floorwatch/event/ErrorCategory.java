package io.floorwatch.event;

/**
 * The category of a SAS general exception code on a slot {@code ERROR} event (SPEC §8.5). Only {@link #FAULT} and
 * {@link #OTHER} count as errors ({@code machine_minute.errors}, {@code MACHINE_ERRORS}, {@code MACHINE_CRITICAL} and
 * their quiet period).
 */
public enum ErrorCategory {
    /** RAM / EEPROM / EPROM errors, memory or soft meter resets: rule INTEGRITY_EVENT. */
    INTEGRITY,
    /** A door opened while the machine was powered off: rule POWER_OFF_ACCESS. */
    POWER_OFF_ACCESS,
    /** Attendant work (hopper empty, cashbox full, printer paper low): no alert, not an error. */
    SERVICE,
    /** A machine fault: an error. */
    FAULT,
    /** Everything else (unknown, missing or non-hex codes): an error. */
    OTHER;

    /** Whether an ERROR of this category counts where SPEC §5 counts ERROR events. */
    public boolean countsAsError() {
        return this == FAULT || this == OTHER;
    }
}
