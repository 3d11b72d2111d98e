package org.preau.classroom.internal;

import java.util.concurrent.TimeUnit;
import org.preau.identity.LiveSessions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * A room's connection lives and dies with the HTTP session it was opened in (ADR 0059). While it is used (the
 * client has been heard within the heartbeat limit), every {@code HEARTBEAT} it marks the session as used, as a page
 * would (identity writes that at a bounded rate), so a pupil following a long lesson is not signed out under it.
 * When the session ends (sign-out, revoked device, password reset, disabled account; identity tells every node), its
 * connections are closed with {@link #SIGNED_OUT}; a session found ended or expired at a renewal closes them too.
 */
@Component
class LiveSessionWatch {

    /** "Your session is over": the page stops reconnecting and says so. */
    static final CloseStatus SIGNED_OUT = new CloseStatus(4001, "signed out");

    private final LiveHub hub;
    private final LiveSessions sessions;

    LiveSessionWatch(LiveHub hub, LiveSessions sessions) {
        this.hub = hub;
        this.sessions = sessions;
        sessions.onEnded(this::ended);
    }

    private void ended(LiveSessions.Ended ended) {
        var matching = hub.participants().stream()
                .filter(p ->
                        ended.sessionId().filter(id -> id.equals(p.httpSession)).isPresent()
                                || ended.accountId()
                                        .filter(a -> a.equals(p.user.accountId()))
                                        .isPresent())
                .toList();
        if (!matching.isEmpty()) {
            // Off the bus's thread: closing writes the leaves.
            Thread.ofVirtual().name("classroom-signed-out").start(() -> matching.forEach(p -> hub.drop(p, SIGNED_OUT)));
        }
    }

    @Scheduled(fixedDelay = 15, initialDelay = 15, timeUnit = TimeUnit.SECONDS)
    void renew() {
        long now = System.nanoTime();
        for (var p : hub.participants()) {
            if (p.httpSession == null || now - p.lastHeard > 3 * LiveHub.HEARTBEAT.toNanos()) {
                continue; // not opened in a session (tests), or silent: the hub drops it anyway
            }
            if (!sessions.touch(p.httpSession)) {
                hub.drop(p, SIGNED_OUT);
            }
        }
    }
}
