package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTypeTest {
    @Test
    void aTypeBelongsToOneStream() {
        assertEquals(EventType.JACKPOT, EventType.of(Source.SLOT, "JACKPOT"));
        assertNull(EventType.of(Source.TABLE, "JACKPOT"));
        assertNull(EventType.of(Source.SLOT, "jackpot"));
        assertNull(EventType.of(Source.SLOT, "SPIN_STARTED"));
        assertEquals(FloorEvent.METERS, EventType.METERS.name());
    }

    @Test
    void everyFloorStreamHasTypesAndEveryCageTransactionStatesItsCash() {
        for (Source s : Source.FLOOR) {
            assertTrue(java.util.Arrays.stream(EventType.values()).anyMatch(t -> t.source() == s), s.code());
        }
        for (EventType t : EventType.values()) {
            if (t.source() == Source.CAGE) {
                assertEquals(java.util.List.of("amount", "payment_method", "direction"), t.requiredFields());
            }
        }
        assertTrue(EventType.BUY_IN.requires("payment_method"));
        assertTrue(!EventType.BET.requires("amount"));
    }
}
