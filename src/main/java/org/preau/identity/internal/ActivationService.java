package org.preau.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.AccountStatus;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First-time activation (and activation after a reset): login + school-issued code + new password, for an account
 * that is PENDING (never activated, or reset by staff). Unknown logins, accounts in use or disabled, and wrong codes
 * get the same answer after the same work (one code check); an expired
 * or already used code is told apart only when the code itself was right, which proves the person holds it.
 * Attempts count towards the same throttling as log-ins.
 */
@Service
class ActivationService {

    /** Checked against when the login is unknown, so that such attempts do the same work. */
    private static final UUID NOBODY = new UUID(0, 0);

    sealed interface Result {
        record Activated(CurrentUser user) implements Result {}

        record Refused(JdbcActivationCodes.Check why) implements Result {}

        record Throttled(LoginThrottle.Refusal refusal) implements Result {}
    }

    private final JdbcAccounts accounts;
    private final JdbcActivationCodes codes;
    private final Argon2HashingPool hashing;
    private final LoginAttempts attempts;
    private final LoginThrottle throttle;
    private final TransactionTemplate tx;

    ActivationService(
            JdbcAccounts accounts,
            JdbcActivationCodes codes,
            Argon2HashingPool hashing,
            LoginAttempts attempts,
            LoginThrottle throttle,
            TransactionTemplate tx) {
        this.accounts = accounts;
        this.codes = codes;
        this.hashing = hashing;
        this.attempts = attempts;
        this.throttle = throttle;
        this.tx = tx;
    }

    /** Form-level checks that need no account: the password rule and the confirmation. */
    static FormErrors validate(String login, String code, String password, String confirm) {
        var form = FormErrors.none();
        if (login.isBlank()) {
            form.add("login", "identity.activation.login.required");
        }
        if (code.isBlank()) {
            form.add("code", "identity.activation.code.required");
        }
        for (String problem : PasswordPolicy.problems(password, login)) {
            form.add("password", problem);
        }
        if (!password.isEmpty() && !password.equals(confirm)) {
            form.add("confirm", "identity.password.mismatch");
        }
        return form;
    }

    /** @throws HashingBusyException when the hashing pool is full; the code is not used up then */
    Result activate(String login, String code, String password, String address, Optional<String> userAgent) {
        var refusal = throttle.refusal(login, address, Optional.empty(), false);
        if (refusal.isPresent()) {
            attempts.record(
                    LoginAttempts.Kind.ACTIVATION,
                    Optional.empty(),
                    login,
                    refusal.get().byAddress()
                            ? LoginAttempts.Outcome.THROTTLED_ADDRESS
                            : LoginAttempts.Outcome.THROTTLED_LOGIN,
                    address,
                    userAgent,
                    Optional.empty());
            return new Result.Throttled(refusal.get());
        }
        var account = accounts.credentials(login)
                .map(JdbcAccounts.Credentials::row)
                .filter(r -> r.status() != AccountStatus.DISABLED);
        var typed = codes.check(account.map(JdbcAccounts.Row::id).orElse(NOBODY), code);
        // Only an account not activated yet (or reset, which makes it so) is activated with a code: a code found
        // later never replaces the password of an account in use. For its holder it is not the right code.
        var checked = typed.check() == JdbcActivationCodes.Check.VALID
                        && account.filter(r -> r.status() == AccountStatus.PENDING)
                                .isEmpty()
                ? new JdbcActivationCodes.Checked(JdbcActivationCodes.Check.WRONG, null)
                : typed;
        if (account.isEmpty() || checked.check() != JdbcActivationCodes.Check.VALID) {
            var why = account.isEmpty() ? JdbcActivationCodes.Check.WRONG : checked.check();
            tx.executeWithoutResult(status -> {
                attempts.record(
                        LoginAttempts.Kind.ACTIVATION,
                        account.map(JdbcAccounts.Row::id),
                        login,
                        switch (why) {
                            case EXPIRED -> LoginAttempts.Outcome.EXPIRED_CODE;
                            case USED -> LoginAttempts.Outcome.USED_CODE;
                            default -> LoginAttempts.Outcome.BAD_CODE;
                        },
                        address,
                        userAgent,
                        Optional.empty());
                throttle.failed(login, address, Optional.empty());
            });
            return new Result.Refused(why);
        }
        var row = account.get();
        // Hash first, outside any transaction: no connection is held while Argon2 runs.
        String hash = hashing.hash(password);
        boolean done = Boolean.TRUE.equals(tx.execute(status -> {
            if (!codes.markUsed(checked.codeId())) {
                return false;
            }
            accounts.storeHash(List.of(row.id()), hash);
            attempts.record(
                    LoginAttempts.Kind.ACTIVATION,
                    Optional.of(row.id()),
                    login,
                    LoginAttempts.Outcome.SUCCESS,
                    address,
                    userAgent,
                    Optional.empty());
            throttle.succeeded(login, address, Optional.empty());
            return true;
        }));
        if (!done) {
            return new Result.Refused(JdbcActivationCodes.Check.USED);
        }
        return new Result.Activated(new CurrentUser(row.id(), row.login(), row.displayName(), row.profile()));
    }
}
