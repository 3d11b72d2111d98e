package org.preau.surge;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The operator controls, the same on every node: stored in PostgreSQL, re-read by all nodes on the ClusterBus
 * signal {@code surge}. Documented for operators in docs/OPERATIONS-SURGE.md.
 *
 * @param waitingRoom AUTO opens the room when log-in/anonymous lanes overflow; OPEN sends all of that traffic
 *     through it; CLOSED never (over-capacity requests then get 503 with Retry-After)
 * @param admissionPerSecond visitors admitted per second per node; 0 means measured (completions/s of the room's
 *     lanes divided by {@code requestsPerVisitor})
 * @param requestsPerVisitor how many requests an admitted visitor is expected to make, for the measured rate
 * @param roomCapacity tickets that may wait at once; past it, newcomers are told to come back later
 * @param laneMaxConcurrency the ceiling of each lane's adaptive concurrency limit
 * @param laneQueue how many requests may wait for a slot in each lane
 * @param laneMaxWaitMillis how long a request waits in a lane's queue before overflowing
 * @param proofOfWork AUTO requires proof-of-work on log-in when the attack thresholds are crossed; ON always; OFF never
 * @param powBaseBits leading zero bits asked when proof-of-work starts
 * @param powMaxBits the most bits ever asked, however bad the attack
 * @param powFailedLoginsPerSecond failed log-ins per second (this node) that count as an attack
 * @param powLoginQueue requests waiting in the log-in lane that count as an attack
 * @param addressPerSecond requests per second per source address, for traffic that is not signed in
 * @param accountPerSecond requests per second per signed-in account
 * @param loginPerMinute log-in and activation attempts per minute per source address
 * @param writesPerMinute writes (POST, PUT, PATCH, DELETE) per minute per signed-in account
 * @param suspectMinutes how long an address or account that broke a limit stays in the SUSPECT lane
 * @param readOnly forces degraded (read-only) mode, e.g. for database maintenance
 */
public record SurgeSettings(
        RoomMode waitingRoom,
        double admissionPerSecond,
        int requestsPerVisitor,
        int roomCapacity,
        Map<Lane, Integer> laneMaxConcurrency,
        Map<Lane, Integer> laneQueue,
        int laneMaxWaitMillis,
        PowMode proofOfWork,
        int powBaseBits,
        int powMaxBits,
        double powFailedLoginsPerSecond,
        int powLoginQueue,
        int addressPerSecond,
        int accountPerSecond,
        int loginPerMinute,
        int writesPerMinute,
        int suspectMinutes,
        boolean readOnly) {

    /** Waiting-room mode. */
    public enum RoomMode {
        AUTO,
        OPEN,
        CLOSED
    }

    /** Proof-of-work mode. */
    public enum PowMode {
        AUTO,
        ON,
        OFF
    }

    public SurgeSettings {
        laneMaxConcurrency = complete(laneMaxConcurrency, DEFAULT_MAX);
        laneQueue = complete(laneQueue, DEFAULT_QUEUE);
    }

    private static final Map<Lane, Integer> DEFAULT_MAX = Map.of(
            Lane.SIGNED_IN_PRIORITY, 400,
            Lane.SIGNED_IN_PARENT, 100,
            Lane.LOGIN, 16,
            Lane.ANONYMOUS, 50,
            Lane.SUSPECT, 4);

    private static final Map<Lane, Integer> DEFAULT_QUEUE = Map.of(
            Lane.SIGNED_IN_PRIORITY, 2000,
            Lane.SIGNED_IN_PARENT, 400,
            Lane.LOGIN, 64,
            Lane.ANONYMOUS, 100,
            Lane.SUSPECT, 8);

    /** The defaults: the waiting room and proof-of-work switch on by themselves when needed. */
    public static SurgeSettings defaults() {
        return new SurgeSettings(
                RoomMode.AUTO,
                0,
                3,
                100_000,
                DEFAULT_MAX,
                DEFAULT_QUEUE,
                2000,
                PowMode.AUTO,
                14,
                22,
                5.0,
                32,
                30,
                30,
                // A whole school may sit behind one NAT address: its pupils' log-ins must fit (10/s per address).
                600,
                120,
                10,
                false);
    }

    public int maxConcurrency(Lane lane) {
        return laneMaxConcurrency.get(lane);
    }

    public int queue(Lane lane) {
        return laneQueue.get(lane);
    }

    /** Message keys (bundle {@code surge}) of what is wrong, by field name; empty when valid. */
    public Map<String, String> problems() {
        var problems = new java.util.LinkedHashMap<String, String>();
        if (waitingRoom == null) {
            problems.put("waitingRoom", "surge.settings.error.required");
        }
        if (proofOfWork == null) {
            problems.put("proofOfWork", "surge.settings.error.required");
        }
        if (admissionPerSecond < 0 || admissionPerSecond > 100_000) {
            problems.put("admissionPerSecond", "surge.settings.error.range");
        }
        check(problems, "requestsPerVisitor", requestsPerVisitor, 1, 1000);
        check(problems, "roomCapacity", roomCapacity, 1, 10_000_000);
        check(problems, "laneMaxWaitMillis", laneMaxWaitMillis, 0, 60_000);
        check(problems, "powBaseBits", powBaseBits, 1, 32);
        check(problems, "powMaxBits", powMaxBits, powBaseBits, 32);
        check(problems, "powLoginQueue", powLoginQueue, 0, 1_000_000);
        check(problems, "addressPerSecond", addressPerSecond, 1, 100_000);
        check(problems, "accountPerSecond", accountPerSecond, 1, 100_000);
        check(problems, "loginPerMinute", loginPerMinute, 1, 100_000);
        check(problems, "writesPerMinute", writesPerMinute, 1, 100_000);
        check(problems, "suspectMinutes", suspectMinutes, 1, 24 * 60);
        if (powFailedLoginsPerSecond <= 0 || powFailedLoginsPerSecond > 100_000) {
            problems.put("powFailedLoginsPerSecond", "surge.settings.error.range");
        }
        for (Lane lane : Lane.values()) {
            check(problems, "max." + lane, laneMaxConcurrency.get(lane), 1, 100_000);
            check(problems, "queue." + lane, laneQueue.get(lane), 0, 1_000_000);
        }
        return problems;
    }

    private static void check(Map<String, String> problems, String field, int value, int min, int max) {
        if (value < min || value > max) {
            problems.put(field, "surge.settings.error.range");
        }
    }

    private static Map<Lane, Integer> complete(Map<Lane, Integer> given, Map<Lane, Integer> defaults) {
        var result = new EnumMap<Lane, Integer>(Lane.class);
        result.putAll(defaults);
        if (given != null) {
            given.forEach((lane, value) -> {
                if (lane != null && value != null) {
                    result.put(lane, value);
                }
            });
        }
        return Map.copyOf(result);
    }

    /** Every lane, for forms that list them. */
    public static List<Lane> lanes() {
        return new ArrayList<>(List.of(Lane.values()));
    }
}
