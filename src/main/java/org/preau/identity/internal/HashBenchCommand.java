package org.preau.identity.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.preau.identity.HashingPool;
import org.preau.platform.PreauCommand;
import org.springframework.stereotype.Component;

/**
 * {@code hashbench [--iterations N] [--rounds R]}: how many Argon2id hashes per second this machine does, one at a
 * time and with the whole pool busy. Log-ins per second cannot exceed the pool figure.
 */
@Component
class HashBenchCommand implements PreauCommand {

    private final HashingPool pool;

    HashBenchCommand(HashingPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "hashbench";
    }

    @Override
    public int run(List<String> args) throws Exception {
        int iterations = intArg(args, "--iterations", 40);
        int rounds = intArg(args, "--rounds", 5);
        System.out.printf(
                "Argon2id %s on %s; pool: %d threads, queue %d; %d rounds of %d hashes%n",
                pool.parameters(), pool.implementation(), pool.threads(), pool.capacity(), rounds, iterations);
        pool.hashOnce(); // warm-up
        var sequential = new ArrayList<Double>();
        var parallel = new ArrayList<Double>();
        for (int r = 1; r <= rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                pool.hashOnce();
            }
            double one = iterations / seconds(start);
            double all = parallelRate(iterations);
            sequential.add(one);
            parallel.add(all);
            System.out.printf("round %d: 1 thread %.1f hashes/s, pool %.1f hashes/s%n", r, one, all);
        }
        System.out.printf(
                "median: 1 thread %.1f hashes/s (min %.1f, max %.1f); pool %.1f hashes/s (min %.1f, max %.1f)%n",
                median(sequential), min(sequential), max(sequential), median(parallel), min(parallel), max(parallel));
        return 0;
    }

    /** Keeps every pool thread busy without overflowing the queue. */
    private double parallelRate(int iterations) throws InterruptedException {
        var slots = new Semaphore(pool.threads() + Math.max(0, pool.capacity() - 1));
        var threads = new ArrayList<Thread>();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            slots.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    pool.hashOnce();
                } finally {
                    slots.release();
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        return iterations / seconds(start);
    }

    private static double seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toNanos() / 1e9;
    }

    private static int intArg(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
