package org.preau.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a PostgreSQL left running on this data directory by a previous run that was killed hard ({@code kill -9}
 * of the JVM leaves the embedded postmaster behind as an orphan, holding {@code postmaster.pid}) and stops it, so
 * that the next start succeeds the first time.
 *
 * <p>It never touches a process it has not proved to be a PostgreSQL of this very data directory: the pid comes
 * from {@code postmaster.pid}, and the process's own command line must be a {@code postgres} binary with
 * {@code -D} naming this directory. A pid that now belongs to something else (pid reuse after a reboot) only
 * makes the lock file stale: the file is removed, the process is left alone. The caller holds the data
 * directory's owner lock, so a postgres found here has no live Préau behind it.
 *
 * <p>Stopping is PostgreSQL's own "fast" shutdown (SIGINT: sessions are ended, a checkpoint is written), waited
 * for; if it does not end in time, SIGKILL to the postmaster and its children, and the next start runs
 * PostgreSQL's crash recovery from the write-ahead log (which is what fsync on makes safe).
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    static final String LOCK_FILE = "postmaster.pid";

    /** What {@link #clear()} found and did. */
    enum Outcome {
        /** No lock file: nothing to do. */
        NONE,
        /** A lock file naming no live PostgreSQL of this directory: the file was removed, no process touched. */
        STALE_LOCK_REMOVED,
        /** A PostgreSQL of this directory was running and stopped by a fast shutdown. */
        STOPPED,
        /** It did not stop in time and was killed; PostgreSQL recovers from its log at the next start. */
        KILLED
    }

    /**
     * The lines of {@code postmaster.pid} that matter here (PostgreSQL writes: pid, data directory, start time,
     * port, socket directory, listen address, shared memory key, status). A negative pid is a single-user backend.
     */
    record LockFile(long pid, boolean singleUser, Optional<Path> dataDirectory, OptionalInt port) {

        static Optional<LockFile> read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            try {
                long pid = Long.parseLong(lines.get(0).trim());
                Optional<Path> dir = lines.size() > 1 && !lines.get(1).isBlank()
                        ? Optional.of(Path.of(lines.get(1).trim()))
                        : Optional.empty();
                OptionalInt port = OptionalInt.empty();
                if (lines.size() > 3 && !lines.get(3).isBlank()) {
                    port = OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
                }
                return Optional.of(new LockFile(Math.abs(pid), pid < 0, dir, port));
            } catch (NumberFormatException e) {
                return Optional.empty(); // half-written: no pid to trust
            }
        }
    }

    private final Path pgData;
    private final Duration shutdownGrace;

    /**
     * @param pgData the PostgreSQL data directory
     * @param shutdownGrace how long a fast shutdown may take (it writes a checkpoint) before SIGKILL
     */
    StalePostmaster(Path pgData, Duration shutdownGrace) {
        this.pgData = pgData;
        this.shutdownGrace = shutdownGrace;
    }

    Outcome clear() throws IOException {
        Path file = pgData.resolve(LOCK_FILE);
        if (!Files.exists(file)) {
            return Outcome.NONE;
        }
        Optional<LockFile> lock = LockFile.read(file);
        Optional<ProcessHandle> ours = lock.flatMap(l -> ProcessHandle.of(l.pid()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> isPostgresOf(p, pgData));
        if (ours.isEmpty()) {
            // The file names no live postgres of ours (or nothing readable): maybe a postmaster whose lock file
            // was damaged still runs on this directory; look for it by its command line before trusting that.
            ours = ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> isPostgresOf(p, pgData))
                    .filter(p -> p.parent()
                            .map(parent -> !isPostgresOf(parent, pgData))
                            .orElse(true))
                    .findFirst();
        }
        if (ours.isEmpty()) {
            log.warn(
                    "Removing {}: it names no running PostgreSQL of this data directory ({}); no process touched",
                    file,
                    lock.map(l -> "pid " + l.pid() + " is gone or is something else")
                            .orElse("unreadable"));
            Files.deleteIfExists(file);
            return Outcome.STALE_LOCK_REMOVED;
        }
        boolean singleUser = lock.map(LockFile::singleUser).orElse(false);
        return stop(ours.get(), singleUser, file);
    }

    private Outcome stop(ProcessHandle postmaster, boolean singleUser, Path file) throws IOException {
        List<ProcessHandle> children = postmaster.descendants().toList();
        log.warn(
                "PostgreSQL (pid {}) of {} is still running, left by a previous run that was stopped hard; "
                        + "stopping it (fast shutdown)",
                postmaster.pid(),
                pgData);
        // A postmaster's fast shutdown is SIGINT; a single-user backend ends on SIGTERM.
        signal(postmaster, singleUser ? "TERM" : "INT");
        Outcome outcome = Outcome.STOPPED;
        if (!waitForExit(postmaster, shutdownGrace)) {
            log.warn(
                    "PostgreSQL (pid {}) did not stop within {}; killing it (its log is replayed at start)",
                    postmaster.pid(),
                    shutdownGrace);
            postmaster.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            outcome = Outcome.KILLED;
            if (!waitForExit(postmaster, Duration.ofSeconds(10))) {
                throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") of " + pgData
                        + " survives SIGKILL; stop it by hand, then start again");
            }
        }
        // Backends end with their postmaster; wait for them, since a new postmaster refuses to start while old
        // processes still hold the shared memory.
        for (var child : children) {
            if (!waitForExit(child, Duration.ofSeconds(5))) {
                child.destroyForcibly();
                waitForExit(child, Duration.ofSeconds(5));
            }
        }
        // After a fast shutdown PostgreSQL removed it; after SIGKILL it names a dead pid.
        Files.deleteIfExists(file);
        return outcome;
    }

    /**
     * Whether {@code process} is a {@code postgres} binary started with {@code -D} naming {@code pgData}: the
     * postmaster or a single-user backend (children carry a process title instead and do not match).
     */
    static boolean isPostgresOf(ProcessHandle process, Path pgData) {
        List<String> args = commandLine(process);
        if (args.isEmpty()) {
            return false;
        }
        String program = args.get(0);
        String exe = program.substring(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
        if (!exe.equals("postgres") && !exe.equals("postgres.exe")) {
            return false;
        }
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String dir = null;
            if (a.equals("-D") && i + 1 < args.size()) {
                dir = args.get(i + 1);
            } else if (a.startsWith("-D") && a.length() > 2) {
                dir = a.substring(2);
            }
            if (dir != null) {
                return sameDirectory(dir, pgData);
            }
        }
        return false;
    }

    /** The process's arguments, program first: {@code /proc} on Linux (exact, NUL-separated), else the JDK's. */
    static List<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                byte[] raw = Files.readAllBytes(proc);
                if (raw.length > 0) {
                    String all = new String(raw, StandardCharsets.UTF_8);
                    return Arrays.stream(all.split("\0")).toList();
                }
            }
        } catch (IOException e) {
            // Gone meanwhile, or not ours to read: fall back to what the JDK can tell.
        }
        var info = process.info();
        var result = new ArrayList<String>();
        info.command().ifPresent(result::add);
        if (!result.isEmpty()) {
            info.arguments().ifPresent(a -> result.addAll(Arrays.asList(a)));
        }
        return result;
    }

    private static boolean sameDirectory(String a, Path b) {
        try {
            Path path = Path.of(a);
            // Relative to that process's working directory, which we do not know: not proof enough.
            return path.isAbsolute() && Files.isSameFile(path, b);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Sends a signal by name; without a {@code kill} command, the JDK's SIGTERM (PostgreSQL's smart shutdown). */
    private static void signal(ProcessHandle process, String name) {
        try {
            var kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            kill.getInputStream().readAllBytes();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // No kill command here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    private static boolean waitForExit(ProcessHandle process, Duration max) {
        try {
            process.onExit().get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
