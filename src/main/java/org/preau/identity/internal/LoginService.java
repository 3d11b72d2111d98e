package org.preau.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.AccountStatus;
import org.preau.identity.CurrentUser;
import org.springframework.stereotype.Service;

/**
 * Checks a login and password. Unknown logins, accounts without a password, disabled accounts and wrong passwords
 * all cost exactly one Argon2 verification (a dummy hash stands in when there is none) and get the same answer, so
 * neither the page nor its timing tells whether an account exists. Refusals for too many failures are decided before
 * any hashing, on counts kept per login string and per address whether or not the account exists, so they reveal
 * nothing either and cost an attacker's flood no CPU.
 *
 * <p>Not transactional: no database connection is held while a hash runs.
 */
@Service
class LoginService {

    /** The outcome of a log-in attempt. */
    sealed interface Result {
        record Success(CurrentUser user) implements Result {}

        /** Wrong login or password (deliberately not saying which). */
        record Rejected() implements Result {}

        record Throttled(LoginAttempts.Refusal refusal) implements Result {}
    }

    private final JdbcAccounts accounts;
    private final Argon2HashingPool hashing;
    private final LoginAttempts attempts;

    LoginService(JdbcAccounts accounts, Argon2HashingPool hashing, LoginAttempts attempts) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.attempts = attempts;
    }

    /** @throws HashingBusyException when the hashing pool is full; nothing is recorded then */
    Result logIn(String login, String password, String address, Optional<String> userAgent) {
        var refusal = attempts.refusal(login, address);
        if (refusal.isPresent()) {
            attempts.record(
                    LoginAttempts.Kind.LOGIN,
                    Optional.empty(),
                    login,
                    refusal.get().byAddress()
                            ? LoginAttempts.Outcome.THROTTLED_ADDRESS
                            : LoginAttempts.Outcome.THROTTLED_LOGIN,
                    address,
                    userAgent);
            return new Result.Throttled(refusal.get());
        }
        var credentials = accounts.credentials(login);
        boolean passwordOk = hashing.matches(password, credentials.flatMap(JdbcAccounts.Credentials::hash));
        Optional<UUID> accountId = credentials.map(c -> c.row().id());
        LoginAttempts.Outcome outcome;
        if (credentials.isEmpty()) {
            outcome = LoginAttempts.Outcome.UNKNOWN_LOGIN;
        } else if (credentials.get().hash().isEmpty()) {
            outcome = LoginAttempts.Outcome.NO_PASSWORD;
        } else if (!passwordOk) {
            outcome = LoginAttempts.Outcome.BAD_PASSWORD;
        } else if (credentials.get().row().status() != AccountStatus.ACTIVE) {
            outcome = LoginAttempts.Outcome.DISABLED;
        } else {
            outcome = LoginAttempts.Outcome.SUCCESS;
        }
        attempts.record(LoginAttempts.Kind.LOGIN, accountId, login, outcome, address, userAgent);
        if (outcome != LoginAttempts.Outcome.SUCCESS) {
            return new Result.Rejected();
        }
        var row = credentials.get().row();
        return new Result.Success(new CurrentUser(row.id(), row.login(), row.displayName(), row.profile()));
    }

    static List<String> roles(CurrentUser user) {
        return List.of("ROLE_" + user.profile().name());
    }
}
