package org.preau.identity;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * For connections that outlive the request that opened them (the live classroom's WebSockets). Their traffic goes
 * around the HTTP session, so without this a pupil following an hour-long lesson would find their session expired,
 * and a connection would outlive a sign-out until it next reconnected. With it, the connection keeps its session
 * alive while it is used ({@link #touch}) and is told when the session ends ({@link #onEnded}), on whichever node it
 * ended: sign-out, a revoked device, a password change or reset, a disabled account.
 */
public interface LiveSessions {

    /**
     * Marks the session as used now, as a page request does: held in memory, written to the database at a bounded
     * rate (at most once a minute per session). Returns false when the session has ended or expired.
     */
    boolean touch(String sessionId);

    /** Calls {@code listener} on this node, shortly after sessions end anywhere in the deployment. */
    void onEnded(Consumer<Ended> listener);

    /**
     * Sessions that ended: one ({@code sessionId}: a sign-out, a revoked device, a password change's other sessions)
     * or every session of an account ({@code accountId}: a password reset, a disabled account).
     */
    record Ended(Optional<String> sessionId, Optional<UUID> accountId) {}
}
