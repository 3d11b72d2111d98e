package org.preau.bench;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The hash-only log-in limit, for when the server has no {@code hashbench} command: Argon2id at OWASP parameters
 * (m=19456 KiB, t=2, p=1, as identity uses) with Spring Security's encoder, one thread, in a JVM that bench/run
 * pins to the server's core. Prints
 * {@code hashes_per_cpu_s=<x>} (per CPU-second of the hashing thread) and {@code hashes_per_s=<x>} (wall clock).
 */
public final class HashBench {

    private HashBench() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        var encoder = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            encoder.encode("warm-up-password");
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < end) {
            encoder.encode("bench-password-" + n);
            n++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        // Per CPU-second of the hashing thread: comparable with the server's log-ins per CPU-second even when
        // another process shares the core; the wall-clock rate is printed too.
        System.out.printf(java.util.Locale.ROOT, "hashes_per_cpu_s=%.2f%n", n / cpu);
        System.out.printf(java.util.Locale.ROOT, "hashes_per_s=%.2f%n", n / elapsed);
    }
}
