package org.preau.surge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.preau.surge.SurgeSettings;

/**
 * Token buckets (Bucket4j) per route family and key: per source address for traffic that is not signed in (a
 * whole school behind one NAT address must not be limited as one person, so signed-in traffic is limited per
 * account instead), per account, log-in attempts per address, writes per account. Buckets live in a bounded
 * Caffeine cache and are rebuilt when the operator changes the rates.
 */
final class RateLimits {

    /** A route family, each with its own buckets. */
    enum Family {
        ADDRESS,
        ACCOUNT,
        LOGIN,
        WRITE
    }

    /** The outcome of one request's accounting. */
    record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private volatile Map<Family, Bandwidth> bandwidths = new EnumMap<>(Family.class);
    private volatile Cache<String, Bucket> buckets = newCache();
    final Map<Family, LongAdder> rejected = new EnumMap<>(Family.class);

    RateLimits(SurgeSettings settings) {
        for (Family f : Family.values()) {
            rejected.put(f, new LongAdder());
        }
        configure(settings);
    }

    void configure(SurgeSettings s) {
        var next = new EnumMap<Family, Bandwidth>(Family.class);
        // Bursts of a few seconds' worth: a page with its first requests must never trip the limit.
        next.put(Family.ADDRESS, perSecond(s.addressPerSecond(), 4));
        next.put(Family.ACCOUNT, perSecond(s.accountPerSecond(), 4));
        next.put(Family.LOGIN, perMinute(s.loginPerMinute()));
        next.put(Family.WRITE, perMinute(s.writesPerMinute()));
        if (!next.equals(bandwidths)) {
            bandwidths = next;
            buckets = newCache();
        }
    }

    /** Takes one token from the family's bucket for {@code key}. */
    Decision tryConsume(Family family, String key) {
        Bandwidth bandwidth = bandwidths.get(family);
        Bucket bucket = buckets.get(
                family.name() + ':' + key,
                k -> Bucket.builder().addLimit(bandwidth).build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Decision.ALLOWED;
        }
        rejected.get(family).increment();
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new Decision(false, seconds);
    }

    private static Bandwidth perSecond(int rate, int burstSeconds) {
        return Bandwidth.builder()
                .capacity((long) rate * burstSeconds)
                .refillGreedy(rate, Duration.ofSeconds(1))
                .build();
    }

    private static Bandwidth perMinute(int rate) {
        return Bandwidth.builder()
                .capacity(rate)
                .refillGreedy(rate, Duration.ofMinutes(1))
                .build();
    }

    private static Cache<String, Bucket> newCache() {
        return Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(500_000)
                .build();
    }
}
