package org.preau.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On Linux, lets the embedded PostgreSQL's processes run before this server's threads when both want the same core.
 *
 * <p>Why: Linux's autogroup scheduling ({@code kernel.sched_autogroup_enabled}, on by default on desktop and many
 * server distributions) shares the CPU between <em>sessions</em>, not threads. PostgreSQL puts every backend in a
 * session of its own; this JVM is one session with all its threads. On the attack morning (2026-12-04, server and
 * PostgreSQL on one core) the backends waited 80–170 ms for the core at each wake-up ({@code /proc/PID/schedstat}:
 * 4–8 s of run-queue wait per second summed over PostgreSQL's processes, while they used 0.01–0.2 s of CPU). Every
 * statement of a request paid that wait, so transactions lasted seconds, the 1.5 s statement timeout cancelled
 * statements that need 1 ms, and the database probe saw 3–8 s. With this session's autogroup at nice 10, in the same
 * benchmark, the wait fell to 0.01–0.3 s per second, the legitimate 5xx to 0 and the signed-in p99 from ~1.1–1.3 s
 * to 31 ms (docs/adr/0093).
 *
 * <p>The nice of an autogroup applies to the whole session, so it is set only when this JVM leads its own session
 * (a systemd service, {@code setsid}, or {@code ./preau run}, which starts it so): otherwise it would also lower the
 * terminal's shell and whatever else runs in it, and the log says how to get it. Raising a nice needs no privilege;
 * the kernel refuses lowering it again, which this never does. Elsewhere (no autogroup, another OS, a cgroup that
 * bypasses autogroup) the write is harmless or skipped.
 */
final class DatabaseFirst {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFirst.class);

    /** What happened, for the log and the tests. */
    enum Outcome {
        SET,
        ALREADY,
        NOT_SESSION_LEADER,
        NO_AUTOGROUP,
        DISABLED,
        FAILED
    }

    private final Path proc;
    private final long pid;

    DatabaseFirst(Path proc, long pid) {
        this.proc = proc;
        this.pid = pid;
    }

    /** For this JVM, from {@code /proc}. */
    static DatabaseFirst ofThisProcess() {
        return new DatabaseFirst(Path.of("/proc"), ProcessHandle.current().pid());
    }

    /** Sets this session's autogroup to {@code nice} (1–19) when it may; 0 leaves the scheduling as it is. */
    Outcome apply(int nice) {
        if (nice <= 0) {
            return Outcome.DISABLED;
        }
        int bounded = Math.min(nice, 19);
        Path autogroup = proc.resolve("self/autogroup");
        Path enabled = proc.resolve("sys/kernel/sched_autogroup_enabled");
        try {
            if (!Files.isRegularFile(autogroup)
                    || !Files.isRegularFile(enabled)
                    || !Files.readString(enabled).strip().equals("1")) {
                return Outcome.NO_AUTOGROUP;
            }
            if (session(Files.readString(proc.resolve("self/stat"))) != pid) {
                log.info("Embedded PostgreSQL: this server shares its session with other processes (a terminal's);"
                        + " Linux schedules PostgreSQL's processes behind it when the CPU is busy. Run it"
                        + " as a service or with setsid (./preau run does) to let it yield to the database"
                        + " (preau.db.embedded-server-nice, docs/adr/0093).");
                return Outcome.NOT_SESSION_LEADER;
            }
            // "/autogroup-42 nice 0"
            String current = Files.readString(autogroup).strip();
            int at = current.lastIndexOf(" nice ");
            if (at >= 0 && Integer.parseInt(current.substring(at + 6).strip()) >= bounded) {
                return Outcome.ALREADY;
            }
            Files.writeString(autogroup, Integer.toString(bounded), StandardCharsets.US_ASCII);
            log.info(
                    "Embedded PostgreSQL: this server's session runs at nice {} (Linux autogroup), so that the"
                            + " database's processes, each in a session of its own, get the core first when both"
                            + " want it (docs/adr/0093)",
                    bounded);
            return Outcome.SET;
        } catch (IOException | RuntimeException e) {
            log.warn("Embedded PostgreSQL: could not set this server's autogroup nice: {}", e.toString());
            return Outcome.FAILED;
        }
    }

    /** The session id in {@code /proc/PID/stat}: the 6th field, counted after the command name's closing ")". */
    static long session(String stat) {
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 1).strip().split("\\s+");
        // state ppid pgrp session ...
        return Long.parseLong(fields[3]);
    }
}
