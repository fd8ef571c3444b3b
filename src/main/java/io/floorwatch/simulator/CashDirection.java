package io.floorwatch.simulator;

import io.floorwatch.event.EventType;

/** Which way the cash of a cage transaction goes (SPEC §4; CTR and MTL add up each direction apart). */
enum CashDirection {
    CASH_IN,
    CASH_OUT;

    /** A cage transaction's direction follows from its type: chips bought or front money deposited is cash in. */
    static CashDirection of(EventType cageTransaction) {
        return switch (cageTransaction) {
            case CHIP_PURCHASE, FRONT_MONEY_DEPOSIT, MARKER_PAYMENT -> CASH_IN;
            case CHIP_REDEMPTION, FRONT_MONEY_WITHDRAWAL, CHECK_CASHING, TICKET_REDEMPTION -> CASH_OUT;
            default -> throw new IllegalArgumentException("not a cage transaction: " + cageTransaction);
        };
    }
}
