package org.preau.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of process trees from /proc, computed exactly as {@code shared/tools/measure.py} does: every process whose
 * ancestry leads to a root (parent links read from {@code /proc/<pid>/stat}), each counted with utime + stime +
 * cutime + cstime (its own time and that of its children already reaped, so no process is counted twice). For the
 * server that is the JVM and its embedded PostgreSQL (postmaster and backends).
 */
final class ProcTree {

    static final double HZ = 100.0; // USER_HZ on Linux

    /**
     * CPU seconds of the trees: {@code [total, of the first root alone, of everything else]} (for the server: the JVM,
     * and its PostgreSQL: the postmaster, a second root since it is not the JVM's child, and the backends).
     */
    static double[] cpu(long... roots) {
        Scan scan = scan();
        if (scan == null) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        long total = 0, own = 0;
        long first = roots.length > 0 ? roots[0] : -1;
        for (long p : scan.tree(roots)) {
            total += scan.ticks.get(p);
            if (p == first) {
                own += scan.ticks.get(p);
            }
        }
        return new double[] {total / HZ, own / HZ, (total - own) / HZ};
    }

    /** Every process of the trees (the roots and their descendants), as they are now. */
    static Set<Long> pids(long... roots) {
        Scan scan = scan();
        return scan == null ? Set.of() : scan.tree(roots);
    }

    /** One reading of /proc: each process's parent's children, and each process's CPU ticks (its children's too). */
    private record Scan(Map<Long, List<Long>> kids, Map<Long, Long> ticks) {
        Set<Long> tree(long... roots) {
            Set<Long> seen = new HashSet<>();
            ArrayDeque<Long> todo = new ArrayDeque<>();
            for (long r : roots) {
                todo.add(r);
            }
            while (!todo.isEmpty()) {
                long p = todo.pop();
                if (ticks.containsKey(p) && seen.add(p)) {
                    todo.addAll(kids.getOrDefault(p, List.of()));
                }
            }
            return seen;
        }
    }

    private static Scan scan() {
        Map<Long, List<Long>> kids = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                String stat;
                try {
                    stat = Files.readString(d.resolve("stat"));
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                kids.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(pid);
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]));
            }
        } catch (IOException e) {
            return null;
        }
        return new Scan(kids, ticks);
    }

    /**
     * In one pass over a JVM's threads, CPU seconds (user + system) of its JIT compiler threads ({@code C1
     * CompilerThre…}, {@code C2 CompilerThre…} in /proc/PID/task/TID/comm: while they still burn CPU, the JVM is not
     * at its steady state) and of its password-hashing threads ({@code argon2-N}: over a log-in phase, the hash's own
     * share of the server's CPU in the same window); NaN without /proc.
     */
    static double[] jitAndHashing(long jvm) {
        long jit = 0, hashing = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + jvm + "/task"))) {
            for (Path t : tasks) {
                try {
                    String comm = Files.readString(t.resolve("comm")).strip();
                    boolean compiler = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler");
                    if (!compiler && !comm.startsWith("argon2-")) {
                        continue;
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    if (compiler) {
                        jit += ticks;
                    } else {
                        hashing += ticks;
                    }
                } catch (IOException | RuntimeException e) {
                    // a thread gone meanwhile
                }
            }
        } catch (IOException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {jit / HZ, hashing / HZ};
    }

    /** This process's own CPU seconds (the load generator), without its children. */
    static double self() {
        return cpu(ProcessHandle.current().pid())[1];
    }

    /** This process and its children (the load generator's worker JVMs): CPU seconds. */
    static double load() {
        return cpu(ProcessHandle.current().pid())[0];
    }

    /**
     * The whole machine's idle, iowait and steal seconds from /proc/stat (steal: time the hypervisor gave this
     * machine's cores to someone else: a second where everything looks idle may be a second this machine did not get).
     */
    static double[] idleIowaitSteal() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return new double[] {
                Long.parseLong(f[4]) / HZ, Long.parseLong(f[5]) / HZ, f.length > 8 ? Long.parseLong(f[8]) / HZ : 0
            };
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    /** The whole machine from /proc/stat: {@code [all jiffies as seconds, idle + iowait seconds]}. */
    static double[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i <= 7; i++) {
                sum += Long.parseLong(f[i]);
            }
            return new double[] {sum / HZ, (Long.parseLong(f[4]) + Long.parseLong(f[5])) / HZ};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }
}
