package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link WrittenIds}: a missing fingerprint is trusted only while every id the state can hold has its fingerprint
 * here, and each fingerprint stays at least as long as the state's TTL keeps its id.
 */
class WrittenIdsTest {
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final long T = TTL.toMillis();
    private static final long MARGIN = 60_000;

    @Test
    void aWrittenIdIsNotNewAndOthersAre() {
        WrittenIds ids = new WrittenIds(TTL, false, 0);
        int a = WrittenIds.fingerprint("SM-1", "e1");
        int b = WrittenIds.fingerprint("SM-1", "e2");
        assertTrue(ids.certainlyNew(a, 1));
        ids.written(a, 1);
        assertFalse(ids.certainlyNew(a, 2));
        assertTrue(ids.certainlyNew(b, 2));
        assertTrue(ids.certainlyNew(WrittenIds.fingerprint("SM-2", "e1"), 2), "the same id of another entity");
    }

    @Test
    void aFingerprintOutlivesTheTtlAcrossGenerations() {
        WrittenIds ids = new WrittenIds(TTL, false, 0);
        int late = WrittenIds.fingerprint("SM-1", "late");
        ids.written(late, T - 1); // the last moment of the first generation
        assertFalse(ids.certainlyNew(late, T), "a new generation began: the old one is kept");
        assertFalse(ids.certainlyNew(late, 2 * T - 2), "still within the TTL of its write");
        assertTrue(ids.certainlyNew(late, 2 * T), "two generations on: forgotten (the state's TTL has it expired)");
    }

    @Test
    void afterARestoreNothingIsCertainlyNewForTheTtlAndAMargin() {
        WrittenIds ids = new WrittenIds(TTL, true, 1_000);
        int f = WrittenIds.fingerprint("SM-1", "e1");
        assertFalse(ids.certainlyNew(f, 1_000));
        assertFalse(ids.certainlyNew(f, 1_000 + T + MARGIN));
        assertTrue(ids.certainlyNew(f, 1_000 + T + MARGIN + 1));
    }

    @Test
    void aWriteThatCouldNotBeRecordedMakesMissesUntrustedForTheTtl() {
        WrittenIds ids = new WrittenIds(TTL, false, 0, 4);
        for (int i = 0; i < 4; i++) ids.written(WrittenIds.fingerprint("SM-1", "e" + i), 10);
        int fifth = WrittenIds.fingerprint("SM-1", "e4");
        int other = WrittenIds.fingerprint("SM-1", "x");
        assertTrue(ids.certainlyNew(other, 10));
        ids.written(fifth, 20); // the generation is full: not recorded
        assertFalse(ids.certainlyNew(fifth, 21), "its id is in the state, its fingerprint is not here");
        assertFalse(ids.certainlyNew(other, 21), "nothing is certain while an unrecorded id may be in the state");
        assertFalse(ids.certainlyNew(other, 20 + T + MARGIN));
        assertTrue(ids.certainlyNew(other, 20 + T + MARGIN + 1));
    }

    @Test
    void fingerprintsAreNeverTheEmptySlot() {
        for (int i = 0; i < 100_000; i++) assertNotEquals(0, WrittenIds.fingerprint("SM-" + (i % 7), "e" + i));
    }
}
