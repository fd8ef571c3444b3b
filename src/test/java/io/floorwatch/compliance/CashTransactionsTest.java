package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CashTransactionsTest extends ComplianceTestSupport {
    private final long t = DAY_START.toEpochMilli();

    @Test
    @DisplayName("31 CFR 1021.311: cage CASH transactions count in their direction, for the cage event's player")
    void cageCash() {
        assertEquals("CASH_IN", CashTransactions.direction(cashIn("P-1", "100", t)));
        assertEquals("CASH_OUT", CashTransactions.direction(cashOut("P-1", "100", t)));
        assertEquals("P-1", CashTransactions.player(cashOut("P-1", "100", t)));
        assertNull(CashTransactions.direction(cage("P-1", "CASH_IN", "CHIPS", "100", t)));
        assertNull(CashTransactions.direction(cage("P-1", "CASH_OUT", "MARKER", "100", t)));
    }

    @Test
    @DisplayName("31 CFR 1021.311: a table BUY_IN paid in CASH is cash in by its player_id; CHIPS is not cash")
    void tableBuyIn() {
        assertEquals("CASH_IN", CashTransactions.direction(buyIn("BJ-1", "P-2", "CASH", "500", t)));
        assertEquals("P-2", CashTransactions.player(buyIn("BJ-1", "P-2", "CASH", "500", t)));
        assertNull(CashTransactions.direction(buyIn("BJ-1", "P-2", "CHIPS", "500", t)));
    }

    @Test
    @DisplayName("31 CFR 1021.311: a cash BUY_IN without player_id cannot be attributed and is skipped")
    void unattributedBuyIn() {
        var e = buyIn("BJ-1", null, "CASH", "500", t);
        assertFalse(CashTransactions.isCashTransaction(e));
        assertTrue(CashTransactions.isUnattributedCashBuyIn(e));
        assertFalse(CashTransactions.isUnattributedCashBuyIn(buyIn("BJ-1", null, "CHIPS", "500", t)));
    }

    @Test
    @DisplayName("31 CFR 1021.311(c): slot bill-in and slot jackpots are exempt, even for a carded player")
    void slotExempt() {
        var bill = billIn("SM-1", "P-3", "100", t);
        bill.paymentMethod = "CASH";
        assertFalse(CashTransactions.isCashTransaction(bill));
        var jp = jackpot("SM-1", "15000", t);
        jp.playerId = "P-3";
        assertFalse(CashTransactions.isCashTransaction(jp));
    }
}
