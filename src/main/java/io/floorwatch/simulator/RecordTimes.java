package io.floorwatch.simulator;

/**
 * Floor time as a function of the record index: record {@code i} is created at {@code start + i / rate} seconds, so
 * any record's time is known without generating the ones before it.
 */
final class RecordTimes {
    private final long startEpochMs;
    private final int rate;

    RecordTimes(SimulatorSettings settings) {
        this.startEpochMs = settings.startEpochMs();
        this.rate = settings.rate();
    }

    /** Floor time at which record {@code index} is created, epoch ms. */
    long timeOf(long index) {
        return startEpochMs + (index / rate) * 1000 + (index % rate) * 1000 / rate;
    }

    /** The first record index created at or after floor time {@code t}. */
    long indexAt(long t) {
        long ms = Math.max(0, t - startEpochMs);
        return ms / 1000 * rate + (ms % 1000 * rate + 999) / 1000;
    }

    /** How many records are created in {@code ms} of floor time. */
    long recordsIn(long ms) {
        return ms * rate / 1000;
    }
}
