package io.floorwatch.simulator;

/** How a buy-in or a cage transaction is paid: the values the parser accepts (SPEC §4). */
enum PaymentMethod {
    CASH,
    CHIPS,
    MARKER,
    TICKET
}
