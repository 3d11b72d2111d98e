package org.preau.surge.internal;

import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * HOOK(identity.HashingPool): the queue length of identity's bounded password-hashing pool, for the dashboard and
 * {@code preau.surge.hashpool.queue}. {@code org.preau.identity.HashingPool} has not landed on main yet; when it
 * does, inject it here (ObjectProvider) and return its queue length. Until then the value is absent (the gauge
 * reports NaN and the dashboard says "not available") rather than a made-up zero.
 */
@Component
class HashPoolProbe {

    OptionalInt queued() {
        return OptionalInt.empty();
    }
}
