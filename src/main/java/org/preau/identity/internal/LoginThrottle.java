package org.preau.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.ClusterBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides, before any hashing and without a query, whether a log-in or activation attempt is refused for too many
 * failures (docs/adr/0022). Counters live in memory on every node; each counted failure is written to
 * {@code login_attempt} (the record) and signalled to the other nodes on the {@link ClusterBus} topic
 * {@value #TOPIC} in the same transaction, so every node refuses within about a second. A node that starts, or
 * whose bus reconnects, rebuilds its counters from {@code login_attempt}.
 *
 * <p>Three counters, over a sliding window:
 *
 * <ul>
 *   <li><b>login and source</b> ({@code loginFailures}, 5): the source is the browser's known device when it has
 *       one for this login, else the address. Past it that source waits {@code firstDelay}, doubling per further
 *       failure up to {@code maxDelay}; its success clears it. Nobody else's failures count here, so nobody else
 *       can lock the owner out.
 *   <li><b>login, any source</b> ({@code accountFailures}, 10): an account guessed at from many addresses. Past
 *       it, only a known device of that login or a solved proof-of-work gets through, with the same doubling delay
 *       for the rest. A success does not clear it (the attack goes on).
 *   <li><b>address, any login</b> ({@code addressFailures}, 1000): failures only, high enough for a school behind
 *       one NAT on its first morning; past it, known devices and proof-of-work still get through.
 * </ul>
 *
 * Keys are the normalised login typed, whether or not such an account exists, so a refusal reveals nothing.
 */
@Component
class LoginThrottle {

    static final String TOPIC = "identity.login";
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** Why an attempt is refused; {@code byAddress} chooses the message. */
    record Refusal(boolean byAddress, Duration delay) {}

    private final IdentityProperties.Throttle limits;
    private final ClusterBus bus;
    private final JdbcClient jdbc;
    private final Clock clock;
    /** Tells this node's own bus messages apart (the bus delivers to the sender too; it has counted already). */
    private final String node = UUID.randomUUID().toString();

    private final Cache<String, Failures> pairs;
    private final Cache<String, Failures> logins;
    private final Cache<String, Failures> addresses;

    LoginThrottle(IdentityProperties properties, ClusterBus bus, JdbcClient jdbc, Clock clock) {
        this.limits = properties.throttle();
        this.bus = bus;
        this.jdbc = jdbc;
        this.clock = clock;
        // Bounded: an attack with random logins must not grow memory without limit. An evicted counter is one the
        // attack has not touched for a while; PostgreSQL keeps the record.
        this.pairs = cache(500_000);
        this.logins = cache(200_000);
        this.addresses = cache(200_000);
        bus.subscribe(TOPIC, this::onBus);
    }

    private Cache<String, Failures> cache(long size) {
        return Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterAccess(limits.window().plus(limits.maxDelay()))
                .build();
    }

    /**
     * Whether an attempt for this login from this address (and this known device of the login, if any) must be
     * refused now, and for how long.
     *
     * @param proofOfWork whether the request carried a valid proof-of-work solution (checked by the surge filter)
     */
    Optional<Refusal> refusal(String login, String address, Optional<UUID> device, boolean proofOfWork) {
        Instant now = clock.instant();
        String loginKey = LoginAttempts.key(login);
        var own = pairs.getIfPresent(pairKey(loginKey, address, device));
        if (own != null) {
            var wait = own.doublingWait(now, limits, limits.loginFailures());
            if (wait.isPresent()) {
                return Optional.of(new Refusal(false, wait.get()));
            }
        }
        if (device.isPresent() || proofOfWork) {
            return Optional.empty();
        }
        var all = logins.getIfPresent(loginKey);
        if (all != null) {
            var wait = all.doublingWait(now, limits, limits.accountFailures());
            if (wait.isPresent()) {
                return Optional.of(new Refusal(false, wait.get()));
            }
        }
        var from = addresses.getIfPresent(address);
        if (from != null) {
            var wait = from.windowWait(now, limits.window(), limits.addressFailures());
            if (wait.isPresent()) {
                return Optional.of(new Refusal(true, wait.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Counts a failure on this node now, and on the others through the bus (inside the caller's transaction, the
     * signal goes out only if the audit row commits).
     */
    void failed(String login, String address, Optional<UUID> device) {
        Instant at = clock.instant();
        String loginKey = LoginAttempts.key(login);
        countFailure(loginKey, address, device, at);
        publish("F", loginKey, address, device, at);
    }

    /** Clears this source's own counter (not the login's nor the address's), here and on the other nodes. */
    void succeeded(String login, String address, Optional<UUID> device) {
        String loginKey = LoginAttempts.key(login);
        String pair = pairKey(loginKey, address, device);
        if (pairs.getIfPresent(pair) != null) {
            pairs.invalidate(pair);
            publish("S", loginKey, address, device, clock.instant());
        }
    }

    private void countFailure(String loginKey, String address, Optional<UUID> device, Instant at) {
        int keep = Math.max(limits.loginFailures(), limits.accountFailures()) + 24;
        pairs.get(pairKey(loginKey, address, device), k -> new Failures(keep)).add(at);
        logins.get(loginKey, k -> new Failures(keep)).add(at);
        addresses.get(address, k -> new Failures(limits.addressFailures())).add(at);
    }

    private static String pairKey(String loginKey, String address, Optional<UUID> device) {
        return loginKey + "\u0000" + device.map(d -> "d:" + d).orElse("a:" + address);
    }

    private void publish(String kind, String loginKey, String address, Optional<UUID> device, Instant at) {
        bus.publish(
                TOPIC,
                String.join(
                        "\t",
                        kind,
                        node,
                        B64.encodeToString(loginKey.getBytes(StandardCharsets.UTF_8)),
                        address,
                        device.map(UUID::toString).orElse("-"),
                        Long.toString(at.toEpochMilli())));
    }

    private void onBus(String payload) {
        if (ClusterBus.RESYNC.equals(payload)) {
            reload();
            return;
        }
        String[] f = payload.split("\t");
        if (f.length != 6 || f[1].equals(node)) {
            return;
        }
        try {
            String loginKey = new String(B64D.decode(f[2]), StandardCharsets.UTF_8);
            Optional<UUID> device = f[4].equals("-") ? Optional.empty() : Optional.of(UUID.fromString(f[4]));
            if (f[0].equals("F")) {
                countFailure(loginKey, f[3], device, Instant.ofEpochMilli(Long.parseLong(f[5])));
            } else if (f[0].equals("S")) {
                pairs.invalidate(pairKey(loginKey, f[3], device));
            }
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a malformed {} message", TOPIC);
        }
    }

    /** Rebuilds every counter from the record: at start, and when the bus may have missed messages. */
    @EventListener(ApplicationReadyEvent.class)
    void reload() {
        Instant since = clock.instant().minus(limits.window());
        pairs.invalidateAll();
        logins.invalidateAll();
        addresses.invalidateAll();
        try {
            jdbc.sql("""
                            select login_key, address, device_id, counts, at from login_attempt
                             where at > ? and (counts or outcome = 'SUCCESS') order by at""").param(OffsetDateTime.ofInstant(since, ZoneOffset.UTC)).query(rs -> {
                String loginKey = rs.getString("login_key");
                String address = rs.getString("address");
                var device = Optional.ofNullable(rs.getObject("device_id", UUID.class));
                if (rs.getBoolean("counts")) {
                    countFailure(
                            loginKey,
                            address,
                            device,
                            rs.getObject("at", OffsetDateTime.class).toInstant());
                } else {
                    pairs.invalidate(pairKey(loginKey, address, device));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not rebuild log-in throttling counters from login_attempt: {}", e.toString());
        }
    }

    /**
     * The latest failures of one key, oldest first, at most {@code capacity} of them. Starts small and grows: most
     * keys of an attack with many addresses or logins see a handful of failures each.
     */
    static final class Failures {

        private final int capacity;
        private long[] at = new long[4];
        private int size;

        Failures(int capacity) {
            this.capacity = Math.max(1, capacity);
        }

        synchronized void add(Instant when) {
            long t = when.toEpochMilli();
            if (size == capacity) {
                System.arraycopy(at, 1, at, 0, size - 1);
                size--;
            } else if (size == at.length) {
                at = Arrays.copyOf(at, Math.min(capacity, at.length * 2));
            }
            // Messages from other nodes may arrive slightly out of order: keep the array sorted.
            int i = size;
            while (i > 0 && at[i - 1] > t) {
                at[i] = at[i - 1];
                i--;
            }
            at[i] = t;
            size++;
        }

        /** Failures after {@code since}. */
        private int countAfter(long since) {
            int i = Arrays.binarySearch(at, 0, size, since + 1);
            int first = i >= 0 ? i : -i - 1;
            return size - first;
        }

        /** Past {@code threshold} failures in the window: wait {@code firstDelay}, doubling, from the last one. */
        synchronized Optional<Duration> doublingWait(Instant now, IdentityProperties.Throttle limits, int threshold) {
            int count = countAfter(now.minus(limits.window()).toEpochMilli());
            if (count < threshold || size == 0) {
                return Optional.empty();
            }
            int doublings = Math.min(20, count - threshold);
            Duration delay = limits.firstDelay().multipliedBy(1L << doublings);
            if (delay.compareTo(limits.maxDelay()) > 0) {
                delay = limits.maxDelay();
            }
            Instant until = Instant.ofEpochMilli(at[size - 1]).plus(delay);
            return until.isAfter(now) ? Optional.of(atLeastOneSecond(Duration.between(now, until))) : Optional.empty();
        }

        /** Past {@code threshold} failures in the window: refused until enough of them leave it. */
        synchronized Optional<Duration> windowWait(Instant now, Duration window, int threshold) {
            int count = countAfter(now.minus(window).toEpochMilli());
            if (count < threshold) {
                return Optional.empty();
            }
            // The threshold-th newest failure leaves the window first.
            Instant edge = Instant.ofEpochMilli(at[size - threshold]).plus(window);
            return Optional.of(atLeastOneSecond(Duration.between(now, edge)));
        }

        private static Duration atLeastOneSecond(Duration d) {
            long seconds = (d.toMillis() + 999) / 1000;
            return Duration.ofSeconds(Math.max(1, seconds));
        }
    }
}
