package org.preau.identity.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.AccountStatus;
import org.preau.identity.CurrentUser;
import org.preau.identity.LoginFailed;
import org.preau.identity.LoginSucceeded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a login and password. Unknown logins, accounts without a password, disabled accounts and wrong passwords
 * all cost exactly one Argon2 verification (a dummy hash stands in when there is none) and get the same answer, so
 * neither the page nor its timing tells whether an account exists. Refusals for too many failures are decided before
 * any hashing and without a query ({@link LoginThrottle}), on counts kept per login string whether or not the
 * account exists, so they reveal nothing either and cost an attacker's flood no hash.
 *
 * <p>No database connection is held while a hash runs. What a log-in writes (its audit row, the throttling signal
 * of a failure, the {@link LoginSucceeded}/{@link LoginFailed} event) is one transaction after the hash. A hash made
 * with older parameters is re-hashed after a success, on the hashing pool when it has spare capacity, off the
 * request's path (docs/adr/0022).
 */
@Service
class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    /** The outcome of a log-in attempt. */
    sealed interface Result {
        record Success(CurrentUser user) implements Result {}

        /** Wrong login or password (deliberately not saying which). */
        record Rejected() implements Result {}

        record Throttled(LoginThrottle.Refusal refusal) implements Result {}
    }

    /**
     * Where an attempt comes from.
     *
     * @param device the browser's known device for the login typed, if it has one
     * @param proofOfWork whether the request carried a valid proof-of-work solution
     */
    record Source(String address, Optional<String> userAgent, Optional<UUID> device, boolean proofOfWork) {
        Source(String address, Optional<String> userAgent) {
            this(address, userAgent, Optional.empty(), false);
        }
    }

    private final JdbcAccounts accounts;
    private final Argon2HashingPool hashing;
    private final LoginAttempts attempts;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginService(
            JdbcAccounts accounts,
            Argon2HashingPool hashing,
            LoginAttempts attempts,
            LoginThrottle throttle,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.attempts = attempts;
        this.throttle = throttle;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** @throws HashingBusyException when the hashing pool is full; nothing is recorded then */
    Result logIn(String login, String password, Source source) {
        var refusal = throttle.refusal(login, source.address(), source.device(), source.proofOfWork());
        if (refusal.isPresent()) {
            tx.executeWithoutResult(status -> {
                attempts.record(
                        LoginAttempts.Kind.LOGIN,
                        Optional.empty(),
                        login,
                        refusal.get().byAddress()
                                ? LoginAttempts.Outcome.THROTTLED_ADDRESS
                                : LoginAttempts.Outcome.THROTTLED_LOGIN,
                        source.address(),
                        source.userAgent(),
                        source.device());
                events.publishEvent(new LoginFailed(
                        Optional.empty(), LoginFailed.Outcome.THROTTLED, source.address(), clock.instant()));
            });
            return new Result.Throttled(refusal.get());
        }
        var credentials = accounts.credentials(login);
        var storedHash = credentials.flatMap(JdbcAccounts.Credentials::hash);
        boolean passwordOk = hashing.matches(password, storedHash);
        Optional<UUID> accountId = credentials.map(c -> c.row().id());
        LoginAttempts.Outcome outcome;
        if (credentials.isEmpty()) {
            outcome = LoginAttempts.Outcome.UNKNOWN_LOGIN;
        } else if (storedHash.isEmpty()) {
            outcome = LoginAttempts.Outcome.NO_PASSWORD;
        } else if (!passwordOk) {
            outcome = LoginAttempts.Outcome.BAD_PASSWORD;
        } else if (credentials.get().row().status() != AccountStatus.ACTIVE) {
            outcome = LoginAttempts.Outcome.DISABLED;
        } else {
            outcome = LoginAttempts.Outcome.SUCCESS;
        }
        boolean success = outcome == LoginAttempts.Outcome.SUCCESS;
        tx.executeWithoutResult(status -> {
            attempts.record(
                    LoginAttempts.Kind.LOGIN,
                    accountId,
                    login,
                    outcome,
                    source.address(),
                    source.userAgent(),
                    source.device());
            if (success) {
                throttle.succeeded(login, source.address(), source.device());
                events.publishEvent(new LoginSucceeded(
                        accountId.orElseThrow(), source.device().isPresent(), clock.instant()));
            } else {
                throttle.failed(login, source.address(), source.device());
                events.publishEvent(new LoginFailed(accountId, failure(outcome), source.address(), clock.instant()));
            }
        });
        if (!success) {
            return new Result.Rejected();
        }
        var row = credentials.get().row();
        if (hashing.needsRehash(storedHash.get())) {
            upgradeLater(row.id(), password, storedHash.get());
        }
        return new Result.Success(new CurrentUser(row.id(), row.login(), row.displayName(), row.profile()));
    }

    /**
     * Re-hashes a password made with older parameters, after the response: on the pool only if it is idle now
     * (under a surge the upgrade waits for a later log-in), stored only if the hash is still the one verified (a
     * password changed meanwhile wins).
     */
    private void upgradeLater(UUID accountId, String password, String verifiedHash) {
        var future = hashing.submitIfIdle(() -> hashing.encode(password));
        if (future.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("argon2-upgrade").start(() -> {
            try {
                accounts.replaceHash(accountId, verifiedHash, future.get().get());
            } catch (Exception e) {
                log.warn("Could not upgrade the password hash of {}: {}", accountId, e.toString());
            }
        });
    }

    private static LoginFailed.Outcome failure(LoginAttempts.Outcome outcome) {
        return switch (outcome) {
            case UNKNOWN_LOGIN -> LoginFailed.Outcome.UNKNOWN_LOGIN;
            case NO_PASSWORD -> LoginFailed.Outcome.NO_PASSWORD;
            case DISABLED -> LoginFailed.Outcome.DISABLED;
            default -> LoginFailed.Outcome.BAD_PASSWORD;
        };
    }

    static List<String> roles(CurrentUser user) {
        return List.of("ROLE_" + user.profile().name());
    }
}
