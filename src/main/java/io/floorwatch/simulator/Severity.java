package io.floorwatch.simulator;

/** The severity a security system gives its events (SPEC §4 leaves the field free; these are the simulator's). */
enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
