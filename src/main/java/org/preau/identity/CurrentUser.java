package org.preau.identity;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import org.preau.platform.SignedInUser;

/**
 * Who is signed in: the principal stored in the session (so it must stay small and serialisable). Controllers take
 * it with {@code @AuthenticationPrincipal CurrentUser user} and pass it to services, which check rights with it.
 */
public record CurrentUser(UUID accountId, String login, String displayName, Profile profile)
        implements SignedInUser, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String profileName() {
        return profile.name();
    }

    public boolean is(Profile... profiles) {
        for (Profile p : profiles) {
            if (p == profile) {
                return true;
            }
        }
        return false;
    }
}
