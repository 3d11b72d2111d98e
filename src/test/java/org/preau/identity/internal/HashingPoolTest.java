package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class HashingPoolTest {

    @Test
    void aFullQueueIsRefusedAtOnceWithARetryDelay() throws Exception {
        var meters = new SimpleMeterRegistry();
        var pool = new Argon2HashingPool(1, 1, meters);
        var release = new CountDownLatch(1);
        try {
            Thread.ofVirtual()
                    .start(() -> pool.run(() -> {
                        release.await();
                        return null;
                    }));
            Thread.ofVirtual()
                    .start(() -> pool.run(() -> {
                        release.await();
                        return null;
                    }));
            while (pool.active() < 1 || pool.queued() < 1) {
                Thread.sleep(5);
            }

            assertThatThrownBy(() -> pool.hash("another password"))
                    .isInstanceOfSatisfying(
                            HashingBusyException.class,
                            e -> assertThat(e.retryAfter().toSeconds()).isPositive());
            assertThat(meters.get("preau.hashing.rejected").counter().count()).isEqualTo(1);
            assertThat(meters.get("preau.hashing.queued").gauge().value()).isEqualTo(1);
            assertThat(meters.get("preau.hashing.active").gauge().value()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        while (pool.active() > 0 || pool.queued() > 0) {
            Thread.sleep(5);
        }
        // Once drained it hashes again, at the current parameters (ADR 0022).
        String hash = pool.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(pool.matches("correct horse battery staple", Optional.of(hash)))
                .isTrue();
        assertThat(pool.matches("wrong", Optional.of(hash))).isFalse();
        pool.destroy();
    }

    @Test
    void checkingWithoutAStoredHashCostsOneHashAndFails() {
        var pool = new Argon2HashingPool(1, 4, new SimpleMeterRegistry());
        long before = pool.hashesComputed();
        assertThat(pool.matches("anything", Optional.empty())).isFalse();
        assertThat(pool.hashesComputed() - before).isEqualTo(1);
        pool.destroy();
    }

    @Test
    void theNativeLibraryLoadsOnThisPlatformAndIsUsed() {
        // argon2-jvm bundles the reference library for Linux, macOS and Windows on x86-64 and arm64.
        assertThat(Argon2Engine.best().name()).isEqualTo("native");
        var pool = new Argon2HashingPool(1, 1, new SimpleMeterRegistry());
        assertThat(pool.implementation()).isEqualTo("native");
        assertThat(pool.parameters()).isEqualTo("m=7168,t=5,p=1");
        pool.destroy();
    }

    @Test
    void nativeAndBouncyCastleGiveIdenticalHashes() {
        var nativeEngine = new Argon2Engine.Native();
        var bouncyCastle = new Argon2Engine.BouncyCastle();
        byte[] salt = HexFormat.of().parseHex("9f1c2a7b3e4d5f60718293a4b5c6d7e8");
        for (var parameters :
                List.of(Argon2Parameters.CURRENT, Argon2Parameters.LEGACY, new Argon2Parameters(256, 3, 1))) {
            for (String password : List.of("correct horse battery staple", "mot de passe accentué é à ç", "")) {
                byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
                assertThat(nativeEngine.hash(bytes, salt, parameters, 32))
                        .as("%s %s", parameters, password)
                        .isEqualTo(bouncyCastle.hash(bytes, salt, parameters, 32))
                        .hasSize(32);
            }
        }
        // And not trivially: another salt gives another hash.
        byte[] other = salt.clone();
        other[0] ^= 1;
        assertThat(nativeEngine.hash(new byte[] {1}, other, Argon2Parameters.CURRENT, 32))
                .isNotEqualTo(nativeEngine.hash(new byte[] {1}, salt, Argon2Parameters.CURRENT, 32));
    }

    @Test
    void eachImplementationVerifiesTheOthersHashesAndSpringSecuritysLegacyOnes() {
        var meters = new SimpleMeterRegistry();
        var nativePool = new Argon2HashingPool(1, 4, meters, new Argon2Engine.Native(), Argon2Parameters.CURRENT);
        var bcPool = new Argon2HashingPool(
                1, 4, new SimpleMeterRegistry(), new Argon2Engine.BouncyCastle(), Argon2Parameters.CURRENT);
        String password = "une phrase de passe assez longue";

        String byNative = nativePool.hash(password);
        String byBouncyCastle = bcPool.hash(password);

        assertThat(byNative).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(bcPool.matches(password, Optional.of(byNative))).isTrue();
        assertThat(nativePool.matches(password, Optional.of(byBouncyCastle))).isTrue();
        assertThat(bcPool.matches("wrong", Optional.of(byNative))).isFalse();
        assertThat(nativePool.matches("wrong", Optional.of(byBouncyCastle))).isFalse();
        // The same PHC string as Spring Security's encoder (how every hash stored before ADR 0022 was written).
        var spring = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);
        assertThat(spring.matches(password, byNative)).isTrue();
        var legacy = new Argon2PasswordEncoder(16, 32, 1, 19456, 2).encode(password);
        assertThat(nativePool.matches(password, Optional.of(legacy))).isTrue();
        assertThat(nativePool.needsRehash(legacy)).isTrue();
        assertThat(nativePool.needsRehash(byNative)).isFalse();
        nativePool.destroy();
        bcPool.destroy();
    }

    @Test
    void aStoredHashAskingForTooMuchMemoryIsNotComputed() {
        var pool = new Argon2HashingPool(1, 4, new SimpleMeterRegistry());
        // m=1 GiB: a tampered row must not make a verification allocate more than the pool accounts for.
        String greedy = "$argon2id$v=19$m=1048576,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        long before = pool.hashesComputed();
        assertThat(pool.matches("anything", Optional.of(greedy))).isFalse();
        // It still cost one (dummy) hash at the current parameters, like an unknown login.
        assertThat(pool.hashesComputed() - before).isEqualTo(1);
        pool.destroy();
    }

    @Test
    void hashesInFlightHoldAtMostThreadsTimesTheirMemoryAndQueuedOnesHoldNone() throws Exception {
        var gate = new Semaphore(0);
        var inside = new AtomicInteger();
        var mostInside = new AtomicInteger();
        var threadsSeen = ConcurrentHashMap.<String>newKeySet();
        var started = new AtomicInteger();
        Argon2Engine counting = new Argon2Engine() {
            final Argon2Engine real = new Argon2Engine.BouncyCastle();

            @Override
            public String name() {
                return "counting";
            }

            @Override
            public byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int length) {
                // The hash's memory is allocated in here, so "inside" counts hashes holding memory.
                int now = inside.incrementAndGet();
                mostInside.accumulateAndGet(now, Math::max);
                threadsSeen.add(Thread.currentThread().getName());
                started.incrementAndGet();
                try {
                    gate.acquireUninterruptibly();
                    return real.hash(password, salt, new Argon2Parameters(64, 1, 1), length);
                } finally {
                    inside.decrementAndGet();
                }
            }
        };
        // The dummy hash (for unknown logins) is made once at construction, on this thread.
        gate.release();
        var pool = new Argon2HashingPool(2, 6, new SimpleMeterRegistry(), counting, Argon2Parameters.CURRENT);
        started.set(0);
        mostInside.set(0);
        threadsSeen.clear();

        assertThat(pool.threads()).isEqualTo(2);
        assertThat(pool.capacity()).isEqualTo(6);
        assertThat(pool.maxMemoryInFlightKib())
                .isEqualTo(2L * Math.max(Argon2Parameters.CURRENT.memoryKib(), Argon2Parameters.LEGACY.memoryKib()));

        var callers = new java.util.ArrayList<Thread>();
        for (int i = 0; i < 8; i++) {
            callers.add(Thread.ofVirtual().start(() -> pool.hash("password")));
        }
        // Until both threads are inside a hash and the queue is full (a thread may have taken a task a moment
        // before it enters the engine).
        while (inside.get() < 2 || pool.queued() < 6) {
            Thread.sleep(5);
        }
        // Two hashes run; six wait in the queue without having started (no hash memory held for them).
        assertThat(inside.get()).isEqualTo(2);
        assertThat(started.get()).isEqualTo(2);
        assertThatThrownBy(() -> pool.hash("one more")).isInstanceOf(HashingBusyException.class);

        gate.release(1000);
        for (var t : callers) {
            t.join();
        }
        assertThat(started.get()).isEqualTo(8);
        assertThat(mostInside.get()).isEqualTo(2);
        assertThat(threadsSeen).allSatisfy(name -> assertThat(name).startsWith("argon2-"));
        pool.destroy();
    }

    @Test
    void hashingThreadsRunAtTheirNicenessAndRequestThreadsKeepTheirs() throws Exception {
        // On Linux (CI and the hosts Préau is measured on) the pool's threads are niced; the caller's thread is not.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ThreadNiceness.currentThreadNiceness().isPresent(), "needs Linux's /proc/thread-self/stat");
        int callerBefore = ThreadNiceness.currentThreadNiceness().getAsInt();
        org.junit.jupiter.api.Assumptions.assumeTrue(callerBefore <= 10, "the tests already run above nice 10");
        var niced = new Argon2HashingPool(
                1, 4, new SimpleMeterRegistry(), Argon2Engine.best(), Argon2Parameters.CURRENT, 10);
        var plain = new Argon2HashingPool(1, 4, new SimpleMeterRegistry());
        try {
            assertThat(niced.run(() -> ThreadNiceness.currentThreadNiceness().getAsInt()))
                    .isEqualTo(10);
            assertThat(plain.run(() -> ThreadNiceness.currentThreadNiceness().getAsInt()))
                    .isEqualTo(callerBefore);
            // A niced pool still hashes and verifies.
            String hash = niced.hash("correct horse battery staple");
            assertThat(plain.matches("correct horse battery staple", Optional.of(hash)))
                    .isTrue();
            assertThat(ThreadNiceness.currentThreadNiceness().getAsInt()).isEqualTo(callerBefore);
        } finally {
            niced.destroy();
            plain.destroy();
        }
    }
}
