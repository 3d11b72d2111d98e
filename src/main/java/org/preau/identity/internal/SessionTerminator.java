package org.preau.identity.internal;

import java.util.Collection;
import java.util.UUID;
import org.preau.identity.internal.sessions.CachingSessionRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends every session of some accounts (disabled accounts, password resets) in one statement. Sessions are indexed by
 * account id: log-in stores it as the session's principal name (see {@code LoginService}).
 */
@Component
class SessionTerminator {

    private final JdbcClient jdbc;
    private final CachingSessionRepository sessions;

    SessionTerminator(JdbcClient jdbc, CachingSessionRepository sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    int endAll(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return 0;
        }
        String[] names = accountIds.stream().map(UUID::toString).toArray(String[]::new);
        int ended = jdbc.sql("delete from spring_session where principal_name = any(?)")
                .param(names)
                .update();
        // Every node drops them from memory too (the signal goes out now; the rows are gone once this commits).
        sessions.accountsSignedOut(accountIds);
        return ended;
    }
}
