package org.preau.identity.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.preau.identity.HashingPool;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id (OWASP: m=19456 KiB, t=2, p=1) on a fixed pool of platform threads with a bounded queue. A full queue
 * throws {@link HashingBusyException} at once with an estimate of when to retry; nothing ever waits unbounded.
 *
 * <p>Every hash and every verification counts in {@link #hashesComputed()}, so tests can check that an unknown
 * login costs the same work as a wrong password without measuring time.
 */
@Component
public class Argon2HashingPool implements HashingPool, DisposableBean {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);
    private final ThreadPoolExecutor executor;
    private final int threads;
    private final int queueCapacity;
    private final AtomicLong hashes = new AtomicLong();
    private final Timer duration;
    private final Counter rejected;
    private final String dummyHash;

    @org.springframework.beans.factory.annotation.Autowired
    public Argon2HashingPool(IdentityProperties properties, MeterRegistry meters) {
        this(properties.hashing().effectiveThreads(), properties.hashing().queueCapacity(), meters);
    }

    Argon2HashingPool(int threads, int queueCapacity, MeterRegistry meters) {
        this.threads = threads;
        this.queueCapacity = queueCapacity;
        var counter = new AtomicLong();
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueCapacity)),
                r -> {
                    var t = new Thread(r, "argon2-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.duration = Timer.builder("preau.hashing.duration")
                .description("Time to compute one Argon2id hash, queue wait excluded")
                .register(meters);
        this.rejected = Counter.builder("preau.hashing.rejected")
                .description("Hashes refused because the queue was full")
                .register(meters);
        Gauge.builder("preau.hashing.queued", executor, e -> e.getQueue().size())
                .register(meters);
        Gauge.builder("preau.hashing.active", executor, ThreadPoolExecutor::getActiveCount)
                .register(meters);
        Gauge.builder("preau.hashing.capacity", () -> queueCapacity).register(meters);
        Gauge.builder("preau.hashing.threads", () -> threads).register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "preau.hashing.completed", executor, ThreadPoolExecutor::getCompletedTaskCount)
                .register(meters);
        // Compared against when the login is unknown or has no password, so that such attempts cost one real hash.
        this.dummyHash = encoder.encode(randomPassword());
    }

    /** Hashes a new password. */
    public String hash(CharSequence rawPassword) {
        return run(() -> encoder.encode(rawPassword));
    }

    /**
     * Checks a password against a stored hash; with no stored hash it checks against a dummy one, doing the same
     * work, and answers false.
     */
    public boolean matches(CharSequence rawPassword, java.util.Optional<String> storedHash) {
        String hash = storedHash.orElse(dummyHash);
        boolean ok = run(() -> encoder.matches(rawPassword, hash));
        return ok && storedHash.isPresent();
    }

    /** Hashes and verifications done since start. */
    public long hashesComputed() {
        return hashes.get();
    }

    /** Runs a task on the pool and waits for its result. */
    <T> T run(Callable<T> task) {
        Future<T> future = submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Queues a task without waiting (tests fill the pool with blocking tasks this way). */
    <T> Future<T> submit(Callable<T> task) {
        try {
            return executor.submit(() -> {
                long start = System.nanoTime();
                try {
                    return task.call();
                } finally {
                    hashes.incrementAndGet();
                    duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            });
        } catch (RejectedExecutionException e) {
            rejected.increment();
            throw new HashingBusyException(retryAfter());
        }
    }

    /** Time for the work ahead to drain at the measured hash rate, at least one second. */
    Duration retryAfter() {
        double meanMillis = duration.count() > 0 ? duration.mean(TimeUnit.MILLISECONDS) : 100;
        double ahead = executor.getQueue().size() + executor.getActiveCount();
        long seconds = (long) Math.ceil(ahead * meanMillis / threads / 1000.0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    @Override
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public int active() {
        return executor.getActiveCount();
    }

    @Override
    public int capacity() {
        return queueCapacity;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Duration hashOnce() {
        String password = randomPassword();
        long start = System.nanoTime();
        hash(password);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
