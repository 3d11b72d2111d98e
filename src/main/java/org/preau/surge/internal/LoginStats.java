package org.preau.surge.internal;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Log-ins per second, successful and failed, from Spring Security's authentication events (published by whatever
 * log-in identity implements): the failed rate is the proof-of-work trigger, both are on the dashboard.
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
    void on(AuthenticationSuccessEvent event) {
        succeeded.mark();
        succeededTotal.increment();
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        failed.mark();
        failedTotal.increment();
    }
}
