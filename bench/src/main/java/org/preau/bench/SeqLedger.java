package org.preau.bench;

import java.util.BitSet;

/**
 * Every sequence number one live-classroom client received, over all its connections (the first and every resume),
 * so that the classroom scenario can say whether a dropped and resumed client lost or doubled anything: a room's
 * events are numbered 1, 2, 3 … without gap (ADR 0041), so a client that was there from the start must have seen
 * each number from 1 to the room's last exactly once.
 */
final class SeqLedger {

    private final BitSet seen = new BitSet();
    private long duplicates;
    private long outOfOrder;
    private long last;

    /** Records one received number; returns false if it had been received before (a duplicate). */
    synchronized boolean record(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence number out of range: " + seq);
        }
        if (seq < last) {
            outOfOrder++;
        }
        last = Math.max(last, seq);
        if (seen.get((int) seq)) {
            duplicates++;
            return false;
        }
        seen.set((int) seq);
        return true;
    }

    /** The highest number received: what a client resumes from ({@code ?depuis=}). */
    synchronized long last() {
        return last;
    }

    /** Receipts of a number already received. */
    synchronized long duplicates() {
        return duplicates;
    }

    /** Numbers received after a higher one (the server sends in order, so this should stay 0). */
    synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** Numbers from 1 to {@code upTo} never received. */
    synchronized long missing(long upTo) {
        if (upTo < 1) {
            return 0;
        }
        int n = (int) upTo;
        return n - seen.get(1, n + 1).cardinality();
    }
}
