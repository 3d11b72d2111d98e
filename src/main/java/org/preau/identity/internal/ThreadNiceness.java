package org.preau.identity.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling platform thread, on Linux, through the C library's {@code
 * setpriority(PRIO_PROCESS, gettid(), nice)} (the Java Foreign Function API; Linux keeps a niceness per thread).
 * Raising a thread's niceness needs no privilege; the JVM's own thread priorities are ignored on Linux unless it
 * runs with {@code -XX:ThreadPriorityPolicy=1}, which needs root. Elsewhere, or when the call fails, the thread
 * keeps its priority and one warning says so (docs/adr/0079).
 */
final class ThreadNiceness {

    private static final Logger log = LoggerFactory.getLogger(ThreadNiceness.class);
    private static final int PRIO_PROCESS = 0;
    private static final Optional<Calls> CALLS = link();
    private static volatile boolean warned;

    private record Calls(MethodHandle gettid, MethodHandle setpriority) {}

    private ThreadNiceness() {}

    /**
     * Sets the calling thread's niceness to {@code nice} (clamped to 0–19).
     *
     * @return whether it was set
     */
    static boolean lowerCurrentThread(int nice) {
        int value = Math.clamp(nice, 0, 19);
        if (CALLS.isEmpty()) {
            warnOnce("not on Linux's C library", null);
            return false;
        }
        try {
            int tid = (int) CALLS.get().gettid().invokeExact();
            int rc = (int) CALLS.get().setpriority().invokeExact(PRIO_PROCESS, tid, value);
            if (rc != 0) {
                warnOnce("setpriority returned " + rc, null);
                return false;
            }
            return true;
        } catch (Throwable e) {
            warnOnce(e.toString(), e);
            return false;
        }
    }

    /** The calling thread's niceness as the kernel reports it ({@code /proc/thread-self/stat}), where it can. */
    static OptionalInt currentThreadNiceness() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // Fields after the command name (which is in parentheses and may hold spaces): state is field 3,
            // niceness field 19.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(rest[19 - 3]));
        } catch (Exception e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<Calls> link() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return Optional.empty();
        }
        try {
            var linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            var gettid = libc.find("gettid").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT)));
            var setpriority = libc.find("setpriority")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)));
            if (gettid.isEmpty() || setpriority.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Calls(gettid.get(), setpriority.get()));
        } catch (RuntimeException | LinkageError e) {
            log.warn("Hashing threads keep the normal priority: {}", e.toString());
            return Optional.empty();
        }
    }

    private static void warnOnce(String why, Throwable e) {
        if (!warned) {
            warned = true;
            log.warn("Hashing threads keep the normal priority: {}", why, e);
        }
    }
}
