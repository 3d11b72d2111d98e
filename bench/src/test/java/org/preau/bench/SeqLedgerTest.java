package org.preau.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The classroom scenario's verdict on losses and duplicates comes from this ledger: it must count both exactly. */
class SeqLedgerTest {

    @Test
    void aClientThatSawEveryNumberOnceHasNoLossAndNoDuplicate() {
        var ledger = new SeqLedger();
        for (long s = 1; s <= 10; s++) {
            assertTrue(ledger.record(s));
        }
        assertEquals(10, ledger.last());
        assertEquals(0, ledger.missing(10));
        assertEquals(0, ledger.duplicates());
        assertEquals(0, ledger.outOfOrder());
    }

    @Test
    void aResumeThatSkipsOrRepeatsNumbersIsCounted() {
        var ledger = new SeqLedger();
        for (long s = 1; s <= 5; s++) {
            ledger.record(s);
        }
        // Resumed from 5, but the server sent 4 and 5 again, then skipped 7.
        assertFalse(ledger.record(4));
        assertFalse(ledger.record(5));
        ledger.record(6);
        ledger.record(8);
        assertEquals(2, ledger.duplicates());
        assertEquals(1, ledger.outOfOrder(), "4 after 5");
        assertEquals(1, ledger.missing(8), "7");
        assertEquals(3, ledger.missing(10), "7, 9 and 10: the room went further than the client");
        assertEquals(8, ledger.last());
    }

    @Test
    void aClientThatSawNothingMissedEverything() {
        var ledger = new SeqLedger();
        assertEquals(0, ledger.last());
        assertEquals(12, ledger.missing(12));
        assertEquals(0, ledger.missing(0));
    }
}
