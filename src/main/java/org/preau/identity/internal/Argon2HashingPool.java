package org.preau.identity.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Argon2id ({@link Argon2Parameters#CURRENT}, see docs/adr/0022) on a fixed pool of platform threads with a bounded
 * queue. A full queue throws {@link HashingBusyException} at once with an estimate of when to retry; nothing ever
 * waits unbounded. The hash itself runs on the native reference library when it loads, else on Bouncy Castle
 * ({@link #implementation()}); both write and read the same PHC strings.
 *
 * <p>Priority: with a {@code nice} above 0 the pool's threads run at that niceness (Linux), so on a saturated core
 * the scheduler serves request threads and PostgreSQL first and hashing gets what they leave (docs/adr/0079).
 *
 * <p>Memory: a hash allocates its {@code m} KiB only while it runs on a pool thread (a queued task holds the
 * password and the stored string, nothing more), so hashes in flight hold at most {@link #maxMemoryInFlightKib()}.
 *
 * <p>Every hash and every verification counts in {@link #hashesComputed()}, so tests can check that an unknown
 * login costs the same work as a wrong password without measuring time.
 */
@Component
public class Argon2HashingPool implements HashingPool, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Argon2HashingPool.class);
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private final Argon2Engine engine;
    private final Argon2Parameters parameters;
    private final SecureRandom random = new SecureRandom();
    private final ThreadPoolExecutor executor;
    private final int threads;
    private final int queueCapacity;
    private final AtomicLong hashes = new AtomicLong();
    private final Timer duration;
    private final Counter rejected;
    private final String dummyHash;

    @org.springframework.beans.factory.annotation.Autowired
    public Argon2HashingPool(IdentityProperties properties, MeterRegistry meters) {
        this(
                properties.hashing().effectiveThreads(),
                properties.hashing().queueCapacity(),
                meters,
                Argon2Engine.best(),
                Argon2Parameters.CURRENT,
                properties.hashing().nice());
    }

    Argon2HashingPool(int threads, int queueCapacity, MeterRegistry meters) {
        this(threads, queueCapacity, meters, Argon2Engine.best(), Argon2Parameters.CURRENT);
    }

    Argon2HashingPool(
            int threads, int queueCapacity, MeterRegistry meters, Argon2Engine engine, Argon2Parameters parameters) {
        this(threads, queueCapacity, meters, engine, parameters, 0);
    }

    Argon2HashingPool(
            int threads,
            int queueCapacity,
            MeterRegistry meters,
            Argon2Engine engine,
            Argon2Parameters parameters,
            int nice) {
        this.engine = engine;
        this.parameters = parameters;
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
                    Runnable lowered = nice > 0
                            ? () -> {
                                ThreadNiceness.lowerCurrentThread(nice);
                                r.run();
                            }
                            : r;
                    var t = new Thread(lowered, "argon2-" + counter.incrementAndGet());
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
        Gauge.builder("preau.hashing.info", () -> 1)
                .description("The Argon2id implementation and parameters in use (as tags)")
                .tag("impl", engine.name())
                .tag("params", parameters.phc())
                .register(meters);
        Gauge.builder("preau.hashing.memory.max", () -> maxMemoryInFlightKib() * 1024L)
                .description("The most memory hashes in flight can hold: threads x the largest m accepted")
                .baseUnit("bytes")
                .register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "preau.hashing.completed", executor, ThreadPoolExecutor::getCompletedTaskCount)
                .register(meters);
        // Compared against when the login is unknown or has no password, so that such attempts cost one real hash.
        this.dummyHash = encode(randomPassword());
        log.info(
                "Password hashing: Argon2id {} on {} ({} threads at nice {}, queue {}; at most {} MiB in flight)",
                parameters.phc(),
                engine.name(),
                threads,
                nice,
                queueCapacity,
                maxMemoryInFlightKib() / 1024);
    }

    /** Hashes a new password at the current parameters. */
    public String hash(CharSequence rawPassword) {
        return run(() -> encode(rawPassword));
    }

    /**
     * Checks a password against a stored hash, at the parameters the hash was made with; with no stored hash (or
     * one that cannot be read) it checks against a dummy one, doing the same work, and answers false.
     */
    public boolean matches(CharSequence rawPassword, java.util.Optional<String> storedHash) {
        var stored = storedHash.flatMap(PhcHash::parse);
        PhcHash against = stored.orElseGet(() -> PhcHash.parse(dummyHash).orElseThrow());
        boolean ok = run(() -> verify(rawPassword, against));
        return ok && stored.isPresent();
    }

    /** Whether a stored hash was made with other parameters than the current ones, and should be re-hashed. */
    boolean needsRehash(String storedHash) {
        return PhcHash.parse(storedHash)
                .map(h -> !h.parameters().equals(parameters))
                .orElse(false);
    }

    /**
     * Runs a task on the pool only if it has spare capacity now (nothing waiting), for work that may be skipped
     * and done another time (re-hashing to new parameters): under a log-in surge it never takes a slot from a
     * log-in.
     *
     * @return the future, or empty when the pool is busy
     */
    <T> java.util.Optional<Future<T>> submitIfIdle(Callable<T> task) {
        if (executor.getQueue().size() > 0 || executor.getActiveCount() >= threads) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(submit(task));
        } catch (HashingBusyException e) {
            return java.util.Optional.empty();
        }
    }

    /** The implementation in use: {@code native} or {@code bouncycastle}. */
    @Override
    public String implementation() {
        return engine.name();
    }

    /** The current parameters, as in the PHC string ({@code m=7168,t=5,p=1}). */
    @Override
    public String parameters() {
        return parameters.phc();
    }

    Argon2Parameters currentParameters() {
        return parameters;
    }

    /**
     * The most memory hashes in flight can hold, in KiB: one hash per pool thread, each at most the larger of the
     * current parameters and the legacy ones still being verified. Queued tasks hold no hash memory.
     */
    @Override
    public long maxMemoryInFlightKib() {
        return (long) threads * Math.max(parameters.memoryKib(), Argon2Parameters.MAX_MEMORY_KIB);
    }

    String encode(CharSequence rawPassword) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = engine.hash(utf8(rawPassword), salt, parameters, HASH_BYTES);
        return new PhcHash(parameters, salt, hash).encoded();
    }

    private boolean verify(CharSequence rawPassword, PhcHash stored) {
        byte[] computed = engine.hash(utf8(rawPassword), stored.salt(), stored.parameters(), stored.hash().length);
        return MessageDigest.isEqual(computed, stored.hash());
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
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

    private String randomPassword() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
