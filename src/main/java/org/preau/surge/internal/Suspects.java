package org.preau.surge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;

/**
 * Addresses that broke a rate limit and accounts flagged for abuse, remembered for a while on this node: their
 * requests travel in the SUSPECT lane, whose small limit protects everyone else.
 */
final class Suspects {

    private volatile Cache<String, Boolean> entries;

    Suspects(Duration memory) {
        resize(memory);
    }

    void resize(Duration memory) {
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(memory)
                .maximumSize(200_000)
                .build();
    }

    void flagAddress(String address) {
        entries.put("a:" + address, Boolean.TRUE);
    }

    void flagAccount(UUID account) {
        entries.put("u:" + account, Boolean.TRUE);
    }

    boolean isSuspect(String address, UUID accountOrNull) {
        if (entries.getIfPresent("a:" + address) != null) {
            return true;
        }
        return accountOrNull != null && entries.getIfPresent("u:" + accountOrNull) != null;
    }

    long size() {
        return entries.estimatedSize();
    }
}
