package org.preau.identity.internal.sessions;

import java.util.function.Consumer;
import org.preau.identity.LiveSessions;
import org.springframework.stereotype.Component;

/** {@link LiveSessions} from {@link CachingSessionRepository}: its memory, and its signals of ended sessions. */
@Component
class RepositoryLiveSessions implements LiveSessions {

    private final CachingSessionRepository sessions;

    RepositoryLiveSessions(CachingSessionRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean touch(String sessionId) {
        return sessionId != null && sessions.touch(sessionId);
    }

    @Override
    public void onEnded(Consumer<Ended> listener) {
        sessions.onEnded(listener);
    }
}
