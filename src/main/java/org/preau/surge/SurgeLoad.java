package org.preau.surge;

import java.util.List;

/**
 * What this node's defences are doing right now, read-only, for the status module's public page and its probes: a
 * visitor should learn that "the waiting room is open" from Préau itself, not from a rumour. Cheap to call (memory
 * only, no query).
 */
public interface SurgeLoad {

    /** Whether newcomers are sent to the waiting room now: opened by an operator, or by the lanes overflowing. */
    boolean waitingRoomOpen();

    /** Tickets waiting in line (cluster-wide, as last observed). */
    long waitingRoomLength();

    /** Each lane of this node, in {@link Lane} order. */
    List<LaneLoad> lanes();

    /**
     * One lane's load.
     *
     * @param lane the lane
     * @param limit its adaptive concurrency limit now
     * @param inflight requests it is serving
     * @param waiting requests waiting for a slot
     * @param queueCapacity how many may wait before the lane overflows
     * @param overflowed requests it could not take since the node started
     */
    record LaneLoad(Lane lane, int limit, int inflight, int waiting, int queueCapacity, long overflowed) {

        /** The queue is full: the next request overflows (to the waiting room, or refused). */
        public boolean saturated() {
            return queueCapacity > 0 ? waiting >= queueCapacity : inflight >= limit;
        }
    }
}
