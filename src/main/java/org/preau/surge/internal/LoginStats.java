package org.preau.surge.internal;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.preau.identity.LoginFailed;
import org.preau.identity.LoginSucceeded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Log-ins per second, successful and failed, from identity's typed events: the failed rate is the proof-of-work
 * trigger, both are on the dashboard.
 *
 * <p>Deliberately a plain synchronous {@code @EventListener}, not an {@code @ApplicationModuleListener}: this is a
 * hot, per-node, in-memory signal (a counter bump per attempt) that must move while the attack runs, including for
 * failures that write nothing else; a durable publication row per log-in would double the log-in's writes for a
 * number that is worthless after a restart anyway (docs/adr/0022).
 */
@Component
class LoginStats {

    final RateMeter succeeded;
    final RateMeter failed;
    final LongAdder succeededTotal = new LongAdder();
    final LongAdder failedTotal = new LongAdder();

    LoginStats(Clock clock) {
        this.succeeded = new RateMeter(() -> clock.instant().getEpochSecond(), 10);
        this.failed = new RateMeter(() -> clock.instant().getEpochSecond(), 10);
    }

    @EventListener
    void on(LoginSucceeded event) {
        succeeded.mark();
        succeededTotal.increment();
    }

    @EventListener
    void on(LoginFailed event) {
        failed.mark();
        failedTotal.increment();
    }
}
