package org.preau.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.preau.identity.AccountData;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;

/** Fresh accounts with unique logins for identity's web tests. */
final class Accounts4Test {

    private Accounts4Test() {}

    record Made(UUID id, String login) {}

    static String unique(String prefix) {
        return prefix + "." + Long.toString(Math.abs(ThreadLocalRandom.current().nextLong()), 36);
    }

    /** A PENDING account (no password yet). */
    static Made pending(Accounts accounts, Profile profile) {
        String login = unique("test");
        UUID id = accounts.upsertByExternalId(List.of(new AccountData(
                        "web-" + login, Optional.of(login), "Camille", "Test", profile, Optional.empty())))
                .get("web-" + login);
        return new Made(id, login);
    }

    /** An ACTIVE account with this password. */
    static Made active(Accounts accounts, String password) {
        var made = pending(accounts, Profile.PUPIL);
        accounts.setPassword(made.id(), password);
        return made;
    }
}
