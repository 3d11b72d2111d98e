package org.preau.identity.internal;

import org.preau.platform.web.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The answer when the hashing pool is full: 503 with {@code Retry-After} and "busy, retry in N s", as a page or as
 * problem details (the platform's {@link Problem}). Cheap on purpose: this is what a surge gets.
 */
@Component
class Busy {

    Problem problem(HashingBusyException e) {
        return new Problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "identity.busy.text",
                        e.retryAfter().toSeconds())
                .retryAfter(e.retryAfter());
    }
}
