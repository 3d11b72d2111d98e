package org.preau.surge.internal;

import java.util.OptionalInt;
import org.preau.identity.HashingPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The queue length of identity's bounded password-hashing pool ({@link HashingPool}), for the dashboard and
 * {@code preau.surge.hashpool.queue}. Absent (NaN, "not available") when no pool is configured, rather than a
 * made-up zero.
 */
@Component
class HashPoolProbe {

    private final ObjectProvider<HashingPool> pool;

    HashPoolProbe(ObjectProvider<HashingPool> pool) {
        this.pool = pool;
    }

    OptionalInt queued() {
        var p = pool.getIfAvailable();
        return p == null ? OptionalInt.empty() : OptionalInt.of(p.queued());
    }
}
