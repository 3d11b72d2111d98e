package org.preau.surge.internal;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of this node's defences, for the console and {@code GET /api/v1/surge/status}.
 *
 * @param lanes per lane: its current adaptive limit, requests in flight and waiting, and totals since start
 * @param roomLength tickets waiting (cluster-wide)
 * @param roomWaitSeconds estimated wait of the last ticket in line
 * @param admissionPerSecond admissions per second (cluster-wide, as observed)
 * @param powBits leading zero bits asked for log-in now (0: proof-of-work off)
 * @param degraded read-only mode in force
 * @param databaseLatencyMillis the last database probe; empty when it failed
 * @param hashPoolQueue identity's hashing pool queue; empty until that pool exists
 */
public record SurgeStatus(
        List<LaneStatus> lanes,
        long roomLength,
        long roomWaitSeconds,
        double admissionPerSecond,
        double loginsPerSecond,
        double failedLoginsPerSecond,
        int powBits,
        boolean degraded,
        Optional<Double> databaseLatencyMillis,
        Optional<Integer> hashPoolQueue) {

    /** One lane. */
    public record LaneStatus(
            String lane,
            int limit,
            int inflight,
            int waiting,
            long admitted,
            long queued,
            long overflow,
            long sentToRoom,
            long rateLimited) {}
}
