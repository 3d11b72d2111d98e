package org.preau.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Waits;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * The profile page's services: one's own signed-in devices (sessions), revoking one, recent sign-ins, who reset
 * one's password, and the password change. Every method acts on the given user's own sessions only.
 */
@Service
class ProfileService {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final LoginAttempts attempts;
    private final JdbcAccounts accounts;
    private final Argon2HashingPool hashing;
    private final LoginThrottle throttle;
    private final JdbcActivationCodes codes;

    ProfileService(
            FindByIndexNameSessionRepository<? extends Session> sessions,
            LoginAttempts attempts,
            JdbcAccounts accounts,
            Argon2HashingPool hashing,
            LoginThrottle throttle,
            JdbcActivationCodes codes) {
        this.sessions = sessions;
        this.attempts = attempts;
        this.accounts = accounts;
        this.hashing = hashing;
        this.throttle = throttle;
        this.codes = codes;
    }

    List<Device> devices(CurrentUser user, Optional<String> currentSessionId) {
        return sessions.findByPrincipalName(user.accountId().toString()).values().stream()
                .map(s -> {
                    DeviceInfo info = s.getAttribute(DeviceInfo.ATTRIBUTE);
                    boolean current = currentSessionId.filter(s.getId()::equals).isPresent();
                    return new Device(
                            handle(s.getId()),
                            info != null ? info.summary() : "?",
                            info != null ? info.address() : "",
                            info != null ? info.signedInAt() : s.getCreationTime(),
                            s.getLastAccessedTime(),
                            info != null && info.remembered(),
                            current);
                })
                .sorted(Comparator.comparing(Device::current)
                        .reversed()
                        .thenComparing(Device::lastSeen, Comparator.reverseOrder()))
                .toList();
    }

    /** Ends one of the user's own sessions; false if there is no such session of theirs. */
    boolean revoke(CurrentUser user, String handle) {
        var match = sessions.findByPrincipalName(user.accountId().toString()).keySet().stream()
                .filter(id -> handle(id).equals(handle))
                .findFirst();
        match.ifPresent(sessions::deleteById);
        return match.isPresent();
    }

    List<PastAttempt> recentSignIns(CurrentUser user) {
        return attempts.recent(user.accountId(), 10);
    }

    /** Who reset the user's own password, and when (the latest few): an act on them they must be able to see. */
    List<JdbcActivationCodes.Reset> resets(CurrentUser user) {
        return codes.resetsOf(user.accountId(), 5);
    }

    /**
     * Changes the password after checking the current one; other sessions end (whoever knew the old password is
     * signed out), this one stays.
     *
     * @throws HashingBusyException when the hashing pool is full
     */
    FormErrors changePassword(
            CurrentUser user,
            String current,
            String password,
            String confirm,
            Optional<String> currentSessionId,
            String address,
            Optional<String> userAgent) {
        var form = FormErrors.none();
        if (current.isEmpty()) {
            form.add("current", "identity.password.current.required");
        }
        for (String problem : PasswordPolicy.problems(password, user.login())) {
            form.add("password", problem);
        }
        if (!password.isEmpty() && !password.equals(confirm)) {
            form.add("confirm", "identity.password.mismatch");
        }
        if (form.any()) {
            return form;
        }
        // Signed in, the session stands in for a proof: only this address's own failures on this login count.
        var refusal = throttle.refusal(user.login(), address, Optional.empty(), true);
        if (refusal.isPresent()) {
            return form.add(
                    "current",
                    "identity.login.throttled",
                    Waits.human(refusal.get().delay()));
        }
        if (!hashing.matches(current, accounts.passwordHash(user.accountId()))) {
            attempts.record(
                    LoginAttempts.Kind.PASSWORD_CHANGE,
                    Optional.of(user.accountId()),
                    user.login(),
                    LoginAttempts.Outcome.BAD_PASSWORD,
                    address,
                    userAgent,
                    Optional.empty());
            throttle.failed(user.login(), address, Optional.empty());
            return form.add("current", "identity.password.current.wrong");
        }
        String hash = hashing.hash(password);
        accounts.storeHash(List.of(user.accountId()), hash);
        attempts.record(
                LoginAttempts.Kind.PASSWORD_CHANGE,
                Optional.of(user.accountId()),
                user.login(),
                LoginAttempts.Outcome.SUCCESS,
                address,
                userAgent,
                Optional.empty());
        sessions.findByPrincipalName(user.accountId().toString()).keySet().stream()
                .filter(id -> currentSessionId.filter(id::equals).isEmpty())
                .forEach(sessions::deleteById);
        return form;
    }

    static String handle(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
